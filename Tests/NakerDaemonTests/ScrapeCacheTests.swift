import Hummingbird
import NakerConfig
import NakerCore
import NakerNotify
import Synchronization
import Testing

@testable import NakerDaemon

/// The cache against an injected clock and a counting process sampler: no real time passes.
struct ScrapeCacheTests {
    final class Fixture: Sendable {
        let clock = Mutex(0.0)
        let samples = Mutex(0)
        let state: ExporterState
        func makeCache() -> ScrapeCache {
            ScrapeCache(
                state: state, version: "0.1.0", revision: "", processMaxAge: 1,
                now: { self.clock.withLock { $0 } },
                sampleProcess: {
                    let count = self.samples.withLock {
                        $0 += 1
                        return $0
                    }
                    return [
                        ProcessMetrics.gauge(
                            "process_open_fds", "Number of open file descriptors.", Double(count))
                    ]
                })
        }

        init() throws {
            let config = try ConfigParser.parse(
                yaml: """
                    global: { region: Tabalong }
                    sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]
                    """, baseDirectory: "/tmp", templates: TemplateCheck())
            state = ExporterState(config: config, configLoadedAt: 0)
        }

        func advance(to time: Double) { clock.withLock { $0 = time } }
        var sampleCount: Int { samples.withLock { $0 } }
    }

    static let domain = [
        MetricFamily(
            name: "naker_target_value", help: "Realised value.", type: .gauge,
            samples: [MetricSample(labels: [MetricLabel("target", "wub")], value: 21816)])
    ]

    func snapshot() -> MetricsSnapshot {
        MetricsSnapshot(
            report: LabourMarketReport(date: LocalDate(iso: "2024-12-31")!, region: "Tabalong"), sources: [],
            families: Self.domain)
    }

    func text(_ cache: ScrapeCache, _ format: ExpositionFormat = .text) -> String {
        String(buffer: cache.body(format: format, gzip: false))
    }

    @Test func aBurstOfScrapesReadsTheProcessOnce() throws {
        let fixture = try Fixture()
        let cache = fixture.makeCache()
        let first = text(cache)
        fixture.advance(to: 0.5)
        #expect(text(cache) == first)
        _ = text(cache, .openMetrics)
        _ = cache.body(format: .text, gzip: true)
        fixture.advance(to: 0.999)
        #expect(text(cache) == first)
        #expect(fixture.sampleCount == 1)
        #expect(first.contains("\nprocess_open_fds 1\n"))
    }

    @Test func theProcessIsSampledAgainOnceTheSampleIsOld() throws {
        let fixture = try Fixture()
        let cache = fixture.makeCache()
        _ = text(cache)
        fixture.advance(to: 1)
        #expect(text(cache).contains("\nprocess_open_fds 2\n"))
        fixture.advance(to: 1.5)
        #expect(text(cache).contains("\nprocess_open_fds 2\n"))
        fixture.advance(to: 7)
        #expect(text(cache).contains("\nprocess_open_fds 3\n"))
        #expect(fixture.sampleCount == 3)
    }

    @Test func stateChangesShowInTheNextScrapeWithoutReadingTheProcess() throws {
        let fixture = try Fixture()
        let cache = fixture.makeCache()
        #expect(!text(cache).contains("naker_target_value"))
        fixture.state.publish(snapshot()) { $0.recalculations = 7 }
        let afterPublish = text(cache)
        #expect(afterPublish.hasPrefix("# HELP naker_target_value"))
        #expect(afterPublish.contains("\nnaker_recalcs_total 7\n"))
        fixture.state.updateStatus { $0.configReloadSuccessful = false }
        #expect(text(cache).contains("\nnaker_config_last_reload_successful 0\n"))
        #expect(fixture.sampleCount == 1)
    }

    @Test func aBodyBuiltBeforeAChangeIsNotServedAfterIt() throws {
        let fixture = try Fixture()
        let cache = fixture.makeCache()
        _ = text(cache)
        _ = text(cache, .openMetrics)
        fixture.state.updateStatus { $0.recalculations = 3 }
        #expect(text(cache, .openMetrics).contains("\nnaker_recalcs_total 3\n"))
        #expect(text(cache).contains("\nnaker_recalcs_total 3\n"))
    }

    @Test func everyVariantHasTheSameSamples() throws {
        let fixture = try Fixture()
        fixture.state.publish(snapshot()) { _ in }
        let cache = fixture.makeCache()
        let plain = text(cache)
        let openMetrics = text(cache, .openMetrics)
        #expect(openMetrics.hasSuffix("\n# EOF\n"))
        #expect(openMetrics.contains("naker_target_value{target=\"wub\"} 21816\n"))
        for (format, expected) in [(ExpositionFormat.text, plain), (.openMetrics, openMetrics)] {
            let zipped = cache.body(format: format, gzip: true)
            let result = try GzipTests().gunzip(Array(buffer: zipped))
            #expect(result.status == 0)
            #expect(String(decoding: result.output, as: UTF8.self) == expected)
        }
    }
}

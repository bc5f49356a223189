import Hummingbird
import NakerCore
import Testing

@testable import NakerDaemon

struct ScrapeBodyTests {
    let report = LabourMarketReport(date: LocalDate(iso: "2024-12-31")!, region: "Tabalong")
    let domain = [
        MetricFamily(
            name: "naker_target_value", help: "Realised value.", type: .gauge,
            samples: [MetricSample(labels: [MetricLabel("target", "wub")], value: 21816)])
    ]
    let live = [
        MetricFamily(
            name: "naker_recalcs", help: "Recalculations run.", type: .counter,
            samples: [MetricSample(value: 3)])
    ]

    @Test func textIsDomainThenLive() {
        let snapshot = MetricsSnapshot(report: report, sources: [], families: domain)
        let body = ScrapeBody.render(snapshot: snapshot, live: live, format: .text, gzip: false)
        #expect(
            String(buffer: body) == """
                # HELP naker_target_value Realised value.
                # TYPE naker_target_value gauge
                naker_target_value{target="wub"} 21816
                # HELP naker_recalcs_total Recalculations run.
                # TYPE naker_recalcs_total counter
                naker_recalcs_total 3

                """)
    }

    @Test func openMetricsEndsOnceWithEOF() {
        let snapshot = MetricsSnapshot(report: report, sources: [], families: domain)
        let text = String(
            buffer: ScrapeBody.render(snapshot: snapshot, live: live, format: .openMetrics, gzip: false))
        #expect(text.hasSuffix("naker_recalcs_total 3\n# EOF\n"))
        #expect(text.components(separatedBy: "# EOF").count == 2)
    }

    @Test func beforeTheFirstSnapshotOnlyTheLivePartIsServed() {
        let text = String(buffer: ScrapeBody.render(snapshot: nil, live: live, format: .text, gzip: false))
        #expect(text.hasPrefix("# HELP naker_recalcs_total"))
    }
}

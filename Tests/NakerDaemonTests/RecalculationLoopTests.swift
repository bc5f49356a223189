import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerNotify
import NakerSources
import Testing

@testable import NakerDaemon

struct RecalculationLoopTests {
    let directory: URL
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("naker-loop-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, rows: Int) throws {
        var text = "id,registered_on,area,programme\n"
        for index in 0..<rows { text += "W\(index),2022-03-01,Kelua,bengkel-sahabat\n" }
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func config(files: [String]) throws -> Config {
        let sources = files.enumerated().map { index, file in
            "  - { name: s\(index), dataset: entrepreneurs, csv: { path: \(file) } }"
        }
        return try ConfigParser.parse(
            yaml: "global: { region: Tabalong }\nsources:\n" + sources.joined(separator: "\n"),
            baseDirectory: directory.path, templates: TemplateCheck())
    }

    /// Runs the loads a tick asks for, in order, as the service would on its worker threads.
    func run(_ jobs: [RecalculationLoop.LoadJob], into loop: inout RecalculationLoop) {
        for job in jobs {
            var loader = job.loader
            let result = Result { try loader.load(job.source) }
            loop.finished(
                .init(source: job.source, loader: loader, result: result), unixTime: 1000, now: .zero)
        }
    }

    @Test func firstSnapshotWaitsForEveryFirstLoad() throws {
        try write("a.csv", rows: 3)
        try write("b.csv", rows: 4)
        var loop = RecalculationLoop(config: try config(files: ["a.csv", "b.csv"]), logger: logger)
        let jobs = loop.tick(now: .zero)
        #expect(jobs.map(\.source.name) == ["s0", "s1"])
        run([jobs[0]], into: &loop)
        #expect(!loop.needsPublish, "s1 is still loading and nothing was published yet")
        run([jobs[1]], into: &loop)
        #expect(loop.needsPublish)
        #expect(loop.isComplete)
        #expect(loop.datasets.entrepreneurs.total == 7)
        loop.published()
        #expect(!loop.needsPublish)
    }

    @Test func aDeletedFileKeepsItsLastGoodData() throws {
        try write("a.csv", rows: 3)
        var loop = RecalculationLoop(config: try config(files: ["a.csv"]), logger: logger)
        run(loop.tick(now: .zero), into: &loop)
        loop.published()
        try FileManager.default.removeItem(at: directory.appendingPathComponent("a.csv"))
        let jobs = loop.tick(now: .seconds(1))
        #expect(jobs.count == 1)
        run(jobs, into: &loop)
        #expect(loop.needsPublish, "up → down is news")
        #expect(
            loop.statuses == [
                SourceStatus(
                    name: "s0", up: false, rows: 3, rejectedRows: 0, lastSuccess: 1000,
                    newestRecord: LocalDate(iso: "2022-03-01"))
            ], "the last good rows' newest record stays too")
        #expect(loop.datasets.entrepreneurs.total == 3)
        #expect(loop.isComplete, "the source still has data")
    }

    @Test func aSourceThatNeverLoadedMakesTheRoundIncomplete() throws {
        var loop = RecalculationLoop(config: try config(files: ["missing.csv"]), logger: logger)
        run(loop.tick(now: .zero), into: &loop)
        #expect(loop.needsPublish)
        #expect(!loop.isComplete)
        #expect(loop.sourcesWithoutData == ["s0"])
    }

    @Test func aReloadDropsTheResultOfAReplacedSource() throws {
        try write("a.csv", rows: 3)
        try write("b.csv", rows: 5)
        var loop = RecalculationLoop(config: try config(files: ["a.csv"]), logger: logger)
        let stale = loop.tick(now: .zero)
        loop.apply(try config(files: ["b.csv"]))
        run(stale, into: &loop)
        #expect(loop.datasets.entrepreneurs.total == 0, "a.csv's rows belong to the old config")
        // s0 is free again once its old load returned; the new file loads on the next tick.
        run(loop.tick(now: .seconds(1)), into: &loop)
        #expect(loop.datasets.entrepreneurs.total == 5)
    }

    @Test func anUnchangedFileDoesNotRepublish() throws {
        try write("a.csv", rows: 3)
        var loop = RecalculationLoop(config: try config(files: ["a.csv"]), logger: logger)
        run(loop.tick(now: .zero), into: &loop)
        loop.published()
        #expect(loop.tick(now: .seconds(1)).isEmpty)
        #expect(!loop.needsPublish)
    }

    @Test func theReportIsReusedUntilDataDateOrConfigChange() throws {
        try write("a.csv", rows: 3)
        let day = LocalDate(iso: "2024-01-01")!
        var loop = RecalculationLoop(config: try config(files: ["a.csv"]), logger: logger)
        run(loop.tick(now: .zero), into: &loop)
        let first = loop.reportInputs(on: day)
        #expect(loop.reportInputs(on: day.adding(days: 1)) != first)

        // A scheduled round that re-reads nothing keeps the inputs.
        let reused = loop.tick(now: .seconds(301))
        run(reused, into: &loop)
        #expect(loop.reportInputs(on: day) == first)

        // New rows change them.
        try write("a.csv", rows: 4)
        run(loop.tick(now: .seconds(302)), into: &loop)
        let grown = loop.reportInputs(on: day)
        #expect(grown != first)

        // So does a reload, even when it keeps every source.
        loop.apply(try config(files: ["a.csv"]))
        #expect(loop.reportInputs(on: day) != grown)
    }

    /// A load that never comes back (a reader stuck in the kernel) counts as failed once its
    /// timeout and a second have passed; no second load starts for it, the first snapshot does
    /// not wait for it, and its late result is not used.
    @Test func aLoadPastItsTimeoutIsAbandoned() throws {
        try write("a.csv", rows: 3)
        try write("b.csv", rows: 4)
        var config = try config(files: ["a.csv", "b.csv"])
        config.sources[1].timeout = .seconds(10)
        var loop = RecalculationLoop(config: config, logger: logger)
        let jobs = loop.tick(now: .zero)
        run([jobs[0]], into: &loop)
        #expect(!loop.needsPublish, "s1 is still within its timeout")
        #expect(loop.tick(now: .seconds(10)).isEmpty)
        #expect(!loop.needsPublish, "the second of grace has not passed")
        #expect(loop.tick(now: .seconds(11)).isEmpty, "no second load while the first is stuck")
        #expect(loop.needsPublish, "the first snapshot no longer waits for it")
        #expect(loop.statuses.map(\.up) == [true, false])
        #expect(!loop.isComplete)
        loop.published()
        let round = loop.tick(now: .seconds(400))
        #expect(round.map(\.source.name) == ["s0"], "the next round loads s0 but not the stuck s1")
        run(round, into: &loop)

        // The stuck read returns at last: its result is dropped, the loader kept, and the next
        // round loads the source anew.
        run([jobs[1]], into: &loop)
        #expect(loop.statuses.map(\.up) == [true, false])
        #expect(loop.datasets.entrepreneurs.total == 3)
        let again = loop.tick(now: .seconds(700))
        #expect(again.map(\.source.name).contains("s1"), "\(again.map(\.source.name))")
        run(again, into: &loop)
        #expect(loop.statuses.map(\.up) == [true, true])
        #expect(loop.datasets.entrepreneurs.total == 7)
    }
}

import Dispatch
import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

/// `once`'s loads: side by side, each bounded by its source's timeout.
struct SourceLoadRoundTests {
    static func source(_ name: String, _ path: String, timeout: Duration = .seconds(300)) -> SourceConfig {
        SourceConfig(
            name: name, dataset: .entrepreneurs, location: .csv(CSVLocation(path: path)), timeout: timeout)
    }

    @Test func aLoadStuckPastItsTimeoutIsReportedDownAndLeftBehind() throws {
        let directory = try TemporaryDirectory(prefix: "naker-round")
        let good = directory.path + "/wub.csv"
        try "id,registered_on,area\nW1,2022-03-01,Kelua\n".write(
            toFile: good, atomically: true, encoding: .utf8)
        // A real thread blocked for good, as a read on a dead network share would be.
        let never = DispatchSemaphore(value: 0)
        let real = SourceLoader(logger: CapturingLogHandler.silent)
        let (logger, logs) = CapturingLogHandler.logger()
        let started = ContinuousClock.now
        let result = SourceLoadRound.run(
            [Self.source("wub", good), Self.source("share", "/mnt/dead/wub.csv", timeout: .seconds(1))],
            logger: logger
        ) { source, deadline in
            if source.name == "share" { never.wait() }
            var loader = real
            return try loader.load(source, deadline: deadline)
        }
        let waited = ContinuousClock.now - started
        #expect(waited < .seconds(10), "returned after the timeout and its grace: \(waited)")
        #expect(result.statuses.map(\.up) == [true, false])
        #expect(result.statuses.map(\.rows) == [1, nil])
        #expect(result.data.count == 1)
        #expect(logs.all.contains { $0.message.contains("abandoned") && $0.metadata["source"] == "share" })
        withExtendedLifetime(directory) {}
    }

    @Test func aFileGrowingFasterThanItIsReadStopsAtTheDeadline() throws {
        let directory = try TemporaryDirectory(prefix: "naker-round")
        let path = directory.path + "/wub.csv"
        var text = "id,registered_on,area\n"
        for index in 0..<20_000 { text += "W\(index),2022-03-01,Kelua\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        #expect(throws: SourceLoadError.self) {
            try loader.load(Self.source("wub", path), deadline: .now - .seconds(1))
        }
        do {
            _ = try loader.load(Self.source("wub", path), deadline: .now - .seconds(1))
        } catch {
            #expect("\(error)".contains("took longer than the source's timeout"), "\(error)")
        }
        withExtendedLifetime(directory) {}
    }
}

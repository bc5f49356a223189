import Foundation
import NakerStore
import Testing

@Suite("Crash safety")
struct CrashSafetyTests {
    @Test("an enqueued item is on disk as soon as enqueue returns, with the first store still open")
    func enqueuedItemSurvivesWithoutClose() throws {
        let directory = TemporaryDirectory()
        let first = try StateStore(directory: directory.path)
        let item = Fixtures.item("n1")
        try first.enqueue(item, logEntry: Fixtures.logEntry("n1"))
        try first.saveState("alerts", Data("pending since 1000".utf8))

        // kill -9 leaves only the files: copy them as they are now (no -shm, nothing flushed or closed)
        // and open the copy as a restarted daemon would.
        let copy = TemporaryDirectory()
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(
                atPath: first.path + suffix, toPath: copy.appending(StateStore.fileName + suffix))
        }
        let restarted = try StateStore(directory: copy.path)
        #expect(try restarted.pending() == [item])
        #expect(try restarted.loggedNotifications().map(\.id) == ["n1"])
        #expect(try restarted.loadState("alerts") == Data("pending since 1000".utf8))

        // A second store on the same directory while the first is still open sees it too, and can
        // carry on delivering.
        let second = try StateStore(directory: directory.path)
        #expect(try second.due(now: 1_000, limit: 10) == [item])
        #expect(try second.markDelivered(id: "n1", at: 1_001))
        #expect(try first.pending().isEmpty)
        withExtendedLifetime(first) {}
    }
}

import Foundation
import NakerTestSupport
import Testing

@testable import NakerStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Crash safety")
struct CrashSafetyTests {
    /// A child process writes through the store and is killed with SIGKILL the moment `enqueue`
    /// returns: nothing flushed, closed or checkpointed. The restarted store has it all.
    @Test("an enqueued item survives kill -9 of the process that wrote it")
    func enqueuedItemSurvivesKillNine() async throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        let path = directory.path
        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String] in
            let store = try StateStore(directory: path)
            try store.enqueue(Fixtures.item("n1"), logEntry: Fixtures.logEntry("n1"))
            try store.saveState("alerts", Data("pending since 1000".utf8))
            kill(getpid(), SIGKILL)
        }
        #expect(FileManager.default.fileExists(atPath: path + "/" + StateStore.fileName + "-wal"))
        let restarted = try StateStore(directory: path)
        #expect(try restarted.pending() == [Fixtures.item("n1")])
        #expect(try restarted.loggedNotifications().map(\.id) == ["n1"])
        #expect(try restarted.loadState("alerts") == Data("pending since 1000".utf8))
        #expect(try restarted.markDelivered(id: "n1", at: 1_001))
        #expect(try restarted.pending().isEmpty)
    }

    @Test("a second store on the same directory sees what the first, still open, wrote")
    func twoStoresShareOneDirectory() throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        let first = try StateStore(directory: directory.path)
        try first.enqueue(Fixtures.item("n1"), logEntry: Fixtures.logEntry("n1"))
        let second = try StateStore(directory: directory.path)
        #expect(try second.due(now: 1_000, limit: 10) == [Fixtures.item("n1")])
        #expect(try second.markDelivered(id: "n1", at: 1_001))
        #expect(try first.pending().isEmpty)
    }
}

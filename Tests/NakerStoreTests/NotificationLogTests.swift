import Foundation
import NakerTestSupport
import Testing

@testable import NakerStore

@Suite("Notification log and state snapshots")
struct NotificationLogTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "naker-store")
    }

    @Test("log entries read back whole, newest first")
    func recentOrder() throws {
        let store = try StateStore(directory: directory.path)
        for (index, id) in ["a", "b", "c", "d"].enumerated() {
            try store.logNotification(Fixtures.logEntry(id, queuedAt: 1_000 + Double(index)))
        }
        #expect(try store.loggedNotifications().map(\.id) == ["d", "c", "b", "a"])
        #expect(try store.loggedNotifications().first == Fixtures.logEntry("d", queuedAt: 1_003))
    }

    @Test("re-logging an id does not undo a recorded delivery")
    func relogKeepsOutcome() throws {
        let store = try StateStore(directory: directory.path)
        try store.enqueue(Fixtures.item("n1"), logEntry: Fixtures.logEntry("n1", queuedAt: 1_000))
        try store.markDelivered(id: "n1", at: 1_002)
        var again = Fixtures.logEntry("n1", queuedAt: 1_500)
        again.alertCount = 3
        try store.logNotification(again)
        let entries = try store.loggedNotifications()
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.alertCount == 3)
        #expect(entry.queuedAt == 1_000)
        #expect(entry.deliveredAt == 1_002)
        #expect(entry.outcome == "delivered")
    }

    @Test("pruning removes old entries and old failed items, but not pending ones")
    func prune() throws {
        let store = try StateStore(directory: directory.path)
        let day = 86_400.0
        try store.logNotification(Fixtures.logEntry("old-delivered", queuedAt: 1 * day))
        try store.enqueue(
            Fixtures.item("old-failed", createdAt: 1 * day),
            logEntry: Fixtures.logEntry("old-failed", queuedAt: 1 * day))
        try store.markFailed(id: "old-failed", reason: "HTTP 410", at: 2 * day)
        try store.enqueue(
            Fixtures.item("old-pending", createdAt: 1 * day),
            logEntry: Fixtures.logEntry("old-pending", queuedAt: 1 * day))
        try store.logNotification(Fixtures.logEntry("recent", queuedAt: 40 * day))

        let now = 45 * day
        #expect(try store.pruneLog(olderThan: now - 30 * day) == 2)
        #expect(Set(try store.loggedNotifications().map(\.id)) == ["recent", "old-pending"])
        #expect(try store.failedCount().isEmpty)
        #expect(try store.pending().map(\.id) == ["old-pending"])
    }

    @Test("state blobs are saved, replaced, loaded and removed by key")
    func stateBlobs() throws {
        let store = try StateStore(directory: directory.path)
        try store.saveState("alerts", Data("v1".utf8))
        try store.saveState("dispatcher", Data([0, 1, 2, 255]))
        try store.saveState("alerts", Data("v2".utf8))
        #expect(try store.loadState("alerts") == Data("v2".utf8))
        #expect(try store.loadState("dispatcher") == Data([0, 1, 2, 255]))
        #expect(try store.loadState("missing") == nil)
        try store.saveState("empty", Data())
        #expect(try store.loadState("empty") == Data())
        #expect(try store.removeState("alerts"))
        #expect(try store.loadState("alerts") == nil)
        #expect(try !store.removeState("alerts"))
    }
}

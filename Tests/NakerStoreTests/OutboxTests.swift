import Foundation
import NakerStore
import NakerTestSupport
import Testing

@Suite("Outbox")
struct OutboxTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "naker-store")
    }

    func makeStore() throws -> StateStore {
        try StateStore(directory: directory.path)
    }

    @Test("enqueueing the same id twice keeps one row, the first one")
    func enqueueIsIdempotent() throws {
        let store = try makeStore()
        let first = Fixtures.item("n1")
        var second = Fixtures.item("n1", receiver: "ops", createdAt: 2_000)
        second.body = Data("other".utf8)
        #expect(try store.enqueue(first))
        #expect(try !store.enqueue(second))
        #expect(try store.pending() == [first])
        #expect(try store.queueLengths() == ["leadership": 1])
    }

    @Test("due() returns pending items at or before now, oldest first, up to the limit")
    func dueOrderAndFilter() throws {
        let store = try makeStore()
        try store.enqueue(Fixtures.item("late", createdAt: 100, nextAttemptAt: 500))
        try store.enqueue(Fixtures.item("c", createdAt: 300))
        try store.enqueue(Fixtures.item("a", createdAt: 100))
        try store.enqueue(Fixtures.item("b", createdAt: 200, nextAttemptAt: 400))
        try store.enqueue(Fixtures.item("gone", createdAt: 50))
        try store.markFailed(id: "gone", reason: "HTTP 404", at: 60)

        #expect(try store.due(now: 99, limit: 10).isEmpty)
        #expect(try store.due(now: 300, limit: 10).map(\.id) == ["a", "c"])
        #expect(try store.due(now: 400, limit: 10).map(\.id) == ["a", "b", "c"])
        #expect(try store.due(now: 500, limit: 10).map(\.id) == ["late", "a", "b", "c"])
        #expect(try store.due(now: 500, limit: 2).map(\.id) == ["late", "a"])
        #expect(try store.due(now: 500, limit: 0).isEmpty)
        #expect(try store.pending().map(\.id) == ["late", "a", "b", "c"])
        #expect(try store.nextAttemptTime() == 100)
    }

    @Test("recordAttempt updates the retry schedule and keeps the first attempt time")
    func recordAttempt() throws {
        let store = try makeStore()
        try store.enqueue(Fixtures.item("n1", createdAt: 1_000))
        #expect(
            try store.recordAttempt(
                id: "n1", attempts: 1, nextAttemptAt: 1_002, firstAttemptAt: 1_001, lastError: "HTTP 503"))
        try store.recordAttempt(
            id: "n1", attempts: 2, nextAttemptAt: 1_010, firstAttemptAt: 1_002, lastError: "timeout")
        let item = try #require(try store.item(id: "n1"))
        #expect(item.attempts == 2)
        #expect(item.nextAttemptAt == 1_010)
        #expect(item.firstAttemptAt == 1_001)
        #expect(item.lastError == "timeout")
        #expect(item.state == .pending)
        #expect(try store.due(now: 1_005, limit: 10).isEmpty)
        #expect(try store.due(now: 1_010, limit: 10).map(\.id) == ["n1"])
        #expect(try store.nextAttemptTime() == 1_010)
        #expect(
            try !store.recordAttempt(
                id: "unknown", attempts: 1, nextAttemptAt: 0, firstAttemptAt: nil, lastError: nil))
    }

    @Test("markDelivered removes the item and settles its log entry")
    func markDelivered() throws {
        let store = try makeStore()
        try store.enqueue(Fixtures.item("n1"), logEntry: Fixtures.logEntry("n1"))
        try store.enqueue(
            Fixtures.item("n2", createdAt: 1_001), logEntry: Fixtures.logEntry("n2", queuedAt: 1_001))
        #expect(try store.markDelivered(id: "n1", at: 1_003.5))
        #expect(try store.item(id: "n1") == nil)
        #expect(try store.pending().map(\.id) == ["n2"])
        let log = try store.loggedNotifications()
        let delivered = try #require(log.first { $0.id == "n1" })
        #expect(delivered.deliveredAt == 1_003.5)
        #expect(delivered.outcome == "delivered")
        let waiting = try #require(log.first { $0.id == "n2" })
        #expect(waiting.deliveredAt == nil)
        #expect(waiting.outcome == nil)
        #expect(try !store.markDelivered(id: "n1", at: 1_004))
    }

    @Test("markFailed keeps the item as failed, stops retrying it and logs the reason")
    func markFailed() throws {
        let store = try makeStore()
        try store.enqueue(Fixtures.item("n1"), logEntry: Fixtures.logEntry("n1"))
        #expect(try store.markFailed(id: "n1", reason: "HTTP 400", at: 1_009))
        let item = try #require(try store.item(id: "n1"))
        #expect(item.state == .failed)
        #expect(item.lastError == "HTTP 400")
        #expect(try store.pending().isEmpty)
        #expect(try store.due(now: 10_000, limit: 10).isEmpty)
        #expect(try store.nextAttemptTime() == nil)
        #expect(try store.queueLengths().isEmpty)
        #expect(try store.failedCount() == ["leadership": 1])
        let entry = try #require(try store.loggedNotifications().first)
        #expect(entry.outcome == "failed: HTTP 400")
        #expect(entry.failedAt == 1_009)
        #expect(entry.deliveredAt == nil)
    }

    @Test("queue lengths and failed counts per receiver")
    func countsPerReceiver() throws {
        let store = try makeStore()
        try store.enqueue(Fixtures.item("a1", receiver: "leadership"))
        try store.enqueue(Fixtures.item("a2", receiver: "leadership"))
        try store.enqueue(Fixtures.item("b1", receiver: "ops"))
        try store.enqueue(Fixtures.item("b2", receiver: "ops"))
        try store.enqueue(Fixtures.item("c1", receiver: "telegram"))
        try store.markFailed(id: "b2", reason: "gave up after 24h", at: 2_000)
        try store.markDelivered(id: "c1", at: 1_001)
        #expect(try store.queueLengths() == ["leadership": 2, "ops": 1])
        #expect(try store.failedCount() == ["ops": 1])
    }

    @Test("concurrent callers on one store all get their writes in")
    func concurrentUse() throws {
        let store = try makeStore()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for index in 0..<10 {
                let id = "w\(worker)-\(index)"
                _ = try? store.enqueue(Fixtures.item(id, receiver: "r\(worker)"))
                _ = try? store.due(now: 2_000, limit: 5)
                _ = try? store.queueLengths()
            }
        }
        #expect(try store.pending().count == 40)
        #expect(try store.queueLengths() == ["r0": 10, "r1": 10, "r2": 10, "r3": 10])
    }
}

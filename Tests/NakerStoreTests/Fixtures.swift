import Foundation
import GRDB

@testable import NakerStore

/// Builders for outbox items and log entries with the fields a test does not care about filled in.
enum Fixtures {
    static func item(
        _ id: String, receiver: String = "leadership", createdAt: Double = 1_000,
        nextAttemptAt: Double? = nil
    ) -> OutboxItem {
        OutboxItem(
            id: id, receiver: receiver, groupKey: "{}:{alertname=\"WUBBehindPlan\"}",
            body: Data("{\"version\":\"4\",\"id\":\"\(id)\"}".utf8), contentType: "application/json",
            createdAt: createdAt, nextAttemptAt: nextAttemptAt)
    }

    static func logEntry(_ id: String, receiver: String = "leadership", queuedAt: Double = 1_000)
        -> NotificationLogEntry
    {
        NotificationLogEntry(
            id: id, receiver: receiver, groupKey: "{}:{alertname=\"WUBBehindPlan\"}", status: "firing",
            alertCount: 2, queuedAt: queuedAt)
    }
}

/// What the tests read back; the daemon itself only writes the log and reads due items.
extension StateStore {
    /// Log entries, most recently queued first.
    func loggedNotifications() throws -> [NotificationLogEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM notification_log ORDER BY queued_at DESC, rowid DESC")
                .map(Self.logEntry)
        }
    }

    /// The earliest `nextAttemptAt` of a pending item.
    func nextAttemptTime() throws -> Double? {
        try pool.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'")
        }
    }

    /// `PRAGMA name` on the writer connection (`synchronous` is per connection).
    func writerPragma(_ name: String) throws -> String? {
        try pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }
}

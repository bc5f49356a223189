import Foundation
import NakerStore

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

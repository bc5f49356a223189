import Foundation
import GRDB

extension StateStore {
    /// Records a notification in the log.
    ///
    /// Logging an id that is already there updates receiver, group key, status and alert count, keeps
    /// the first `queuedAt`, and overwrites `deliveredAt`, `failedAt` and `outcome` only with non-nil
    /// values, so re-logging after a restart does not undo a recorded delivery.
    public func logNotification(_ entry: NotificationLogEntry) throws {
        try write("log notification '\(entry.id)'") { db in
            try Self.insertLog(entry, db)
        }
    }

    /// Deletes log entries queued before `cutoff` (Unix seconds, e.g. `now - days * 86_400`), except
    /// those whose notification is still pending in the outbox, and failed outbox items created before
    /// `cutoff`. Returns the number of log entries deleted.
    @discardableResult
    public func pruneLog(olderThan cutoff: Double) throws -> Int {
        try write("prune the notification log") { db in
            try db.execute(
                sql: """
                    DELETE FROM notification_log WHERE queued_at < ?
                    AND id NOT IN (SELECT id FROM outbox WHERE state = 'pending')
                    """,
                arguments: [cutoff])
            let deleted = db.changesCount
            try db.execute(
                sql: "DELETE FROM outbox WHERE state = 'failed' AND created_at < ?", arguments: [cutoff])
            return deleted
        }
    }

    static func insertLog(_ entry: NotificationLogEntry, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO notification_log
                    (id, receiver, group_key, status, alert_count, queued_at, delivered_at, failed_at, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    receiver = excluded.receiver,
                    group_key = excluded.group_key,
                    status = excluded.status,
                    alert_count = excluded.alert_count,
                    delivered_at = COALESCE(excluded.delivered_at, delivered_at),
                    failed_at = COALESCE(excluded.failed_at, failed_at),
                    outcome = COALESCE(excluded.outcome, outcome)
                """,
            arguments: [
                entry.id, entry.receiver, entry.groupKey, entry.status, entry.alertCount, entry.queuedAt,
                entry.deliveredAt, entry.failedAt, entry.outcome,
            ])
    }

    static func logEntry(_ row: Row) -> NotificationLogEntry {
        NotificationLogEntry(
            id: row["id"],
            receiver: row["receiver"],
            groupKey: row["group_key"],
            status: row["status"],
            alertCount: row["alert_count"],
            queuedAt: row["queued_at"],
            deliveredAt: row["delivered_at"],
            failedAt: row["failed_at"],
            outcome: row["outcome"])
    }
}

/// One notification in the audit log (status page, "what was sent to whom").
///
/// `id` is the outbox item's idempotency key, so `StateStore.markDelivered` and `StateStore.markFailed`
/// can settle the entry. Times are Unix seconds. `outcome` is `nil` while the notification is still in the
/// outbox, then `"delivered"` or `"failed: <reason>"`.
public struct NotificationLogEntry: Hashable, Sendable {
    public var id: String
    public var receiver: String
    public var groupKey: String
    /// The notification's status as the daemon names it, e.g. `firing` or `resolved`.
    public var status: String
    public var alertCount: Int
    public var queuedAt: Double
    public var deliveredAt: Double?
    /// When the notification was given up (set by `StateStore.markFailed`).
    public var failedAt: Double?
    public var outcome: String?

    public init(
        id: String,
        receiver: String,
        groupKey: String,
        status: String,
        alertCount: Int,
        queuedAt: Double,
        deliveredAt: Double? = nil,
        failedAt: Double? = nil,
        outcome: String? = nil
    ) {
        self.id = id
        self.receiver = receiver
        self.groupKey = groupKey
        self.status = status
        self.alertCount = alertCount
        self.queuedAt = queuedAt
        self.deliveredAt = deliveredAt
        self.failedAt = failedAt
        self.outcome = outcome
    }

    /// The `outcome` written by `StateStore.markDelivered`.
    public static let deliveredOutcome = "delivered"

    /// The `outcome` written by `StateStore.markFailed`.
    public static func failedOutcome(_ reason: String) -> String {
        "failed: \(reason)"
    }
}

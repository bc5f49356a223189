import Foundation
import GRDB

extension StateStore {
    /// Puts a notification in the outbox, committed and fsync'ed before returning; only then may the
    /// daemon consider it queued. An id already in the outbox is left as it is (re-queueing the same
    /// notification after a crash is a no-op). With `logEntry`, the log entry is written in the same
    /// transaction (see `logNotification` for how an existing entry is updated).
    ///
    /// - Returns: true when the item was added, false when its id was already in the outbox.
    @discardableResult
    public func enqueue(_ item: OutboxItem, logEntry: NotificationLogEntry? = nil) throws -> Bool {
        try write("queue notification '\(item.id)'") { db in
            try db.execute(
                sql: """
                    INSERT INTO outbox (id, receiver, group_key, body, content_type, created_at, attempts,
                        next_attempt_at, first_attempt_at, state, last_error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [
                    item.id, item.receiver, item.groupKey, item.body, item.contentType, item.createdAt,
                    item.attempts, item.nextAttemptAt, item.firstAttemptAt, item.state.rawValue,
                    item.lastError,
                ])
            let inserted = db.changesCount > 0
            if let logEntry {
                try Self.insertLog(logEntry, db)
            }
            return inserted
        }
    }

    /// Pending items whose `nextAttemptAt` is at or before `now`, oldest (`createdAt`) first.
    public func due(now: Double, limit: Int) throws -> [OutboxItem] {
        try read("read due notifications") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
                    ORDER BY created_at, rowid LIMIT ?
                    """,
                arguments: [now, max(0, limit)]
            ).map(Self.outboxItem)
        }
    }

    /// Every pending item, oldest first (e.g. to resume after a restart).
    public func pending() throws -> [OutboxItem] {
        try read("read pending notifications") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE state = 'pending' ORDER BY created_at, rowid"
            ).map(Self.outboxItem)
        }
    }

    /// The outbox item with this id, pending or failed; nil once delivered (or never queued).
    public func item(id: String) throws -> OutboxItem? {
        try read("read notification '\(id)'") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id])
                .map(Self.outboxItem)
        }
    }

    /// Records an unsuccessful attempt: the new attempt count, when to try next, and the error. The
    /// first attempt time is set once: a later non-nil `firstAttemptAt` does not replace it.
    ///
    /// - Returns: whether the id was in the outbox.
    @discardableResult
    public func recordAttempt(
        id: String, attempts: Int, nextAttemptAt: Double, firstAttemptAt: Double?, lastError: String?
    ) throws -> Bool {
        try write("record an attempt for notification '\(id)'") { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET attempts = ?, next_attempt_at = ?,
                        first_attempt_at = COALESCE(first_attempt_at, ?), last_error = ?
                    WHERE id = ?
                    """,
                arguments: [attempts, nextAttemptAt, firstAttemptAt, lastError, id])
            return db.changesCount > 0
        }
    }

    /// A 2xx arrived: removes the item from the outbox and marks the log entry with the same id
    /// delivered at `at`, in one transaction.
    ///
    /// - Returns: whether the id was in the outbox (false: already delivered, nothing removed).
    @discardableResult
    public func markDelivered(id: String, at: Double) throws -> Bool {
        try write("mark notification '\(id)' delivered") { db in
            try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id])
            let removed = db.changesCount > 0
            try db.execute(
                sql: "UPDATE notification_log SET delivered_at = ?, outcome = ? WHERE id = ?",
                arguments: [at, NotificationLogEntry.deliveredOutcome, id])
            return removed
        }
    }

    /// Gives up on an item: it stays in the outbox as `failed` (no more attempts, counted by
    /// `failedCount`, removed by `pruneLog`), and the log entry's outcome becomes `failed: <reason>`.
    ///
    /// - Returns: whether the id was in the outbox.
    @discardableResult
    public func markFailed(id: String, reason: String, at: Double) throws -> Bool {
        try write("mark notification '\(id)' failed") { db in
            try db.execute(
                sql: "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?",
                arguments: [reason, id])
            let updated = db.changesCount > 0
            try db.execute(
                sql: "UPDATE notification_log SET failed_at = ?, outcome = ? WHERE id = ?",
                arguments: [at, NotificationLogEntry.failedOutcome(reason), id])
            return updated
        }
    }

    /// Pending items per receiver; receivers with none are absent.
    public func queueLengths() throws -> [String: Int] {
        try countsByReceiver(state: .pending)
    }

    /// Failed items per receiver; receivers with none are absent.
    public func failedCount() throws -> [String: Int] {
        try countsByReceiver(state: .failed)
    }

    private func countsByReceiver(state: OutboxItem.State) throws -> [String: Int] {
        try read("count \(state.rawValue) notifications") { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT receiver, COUNT(*) AS n FROM outbox WHERE state = ? GROUP BY receiver",
                arguments: [state.rawValue])
            var counts: [String: Int] = [:]
            for row in rows {
                counts[row["receiver"]] = row["n"]
            }
            return counts
        }
    }

    static func outboxItem(_ row: Row) -> OutboxItem {
        OutboxItem(
            id: row["id"],
            receiver: row["receiver"],
            groupKey: row["group_key"],
            body: row["body"],
            contentType: row["content_type"],
            createdAt: row["created_at"],
            attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"],
            firstAttemptAt: row["first_attempt_at"],
            state: OutboxItem.State(rawValue: row["state"]) ?? .failed,
            lastError: row["last_error"])
    }
}

/// One webhook request waiting in the outbox: written before the first attempt, removed only after a
/// 2xx (`StateStore.markDelivered`), or kept as `failed` when it is given up (`StateStore.markFailed`).
///
/// Times are Unix seconds. The store treats `body`, `contentType`, `receiver` and `groupKey` as opaque.
public struct OutboxItem: Hashable, Sendable {
    /// Where an item is in its life: `pending` items are retried, `failed` ones are kept for the record.
    public enum State: String, Hashable, Sendable, CaseIterable {
        case pending
        case failed
    }

    /// The idempotency key (sent as `Idempotency-Key`); unique in the outbox.
    public var id: String
    public var receiver: String
    public var groupKey: String
    public var body: Data
    public var contentType: String
    public var createdAt: Double
    public var attempts: Int
    public var nextAttemptAt: Double
    public var firstAttemptAt: Double?
    public var state: State
    public var lastError: String?

    public init(
        id: String,
        receiver: String,
        groupKey: String,
        body: Data,
        contentType: String,
        createdAt: Double,
        attempts: Int = 0,
        nextAttemptAt: Double? = nil,
        firstAttemptAt: Double? = nil,
        state: State = .pending,
        lastError: String? = nil
    ) {
        self.id = id
        self.receiver = receiver
        self.groupKey = groupKey
        self.body = body
        self.contentType = contentType
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.firstAttemptAt = firstAttemptAt
        self.state = state
        self.lastError = lastError
    }
}

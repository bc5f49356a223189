import Foundation

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

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

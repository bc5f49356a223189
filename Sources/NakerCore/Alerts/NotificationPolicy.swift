/// The `notification:` settings (docs/configuration.md) with durations in seconds, plus each receiver's `send_resolved`.
public struct NotificationPolicy: Hashable, Sendable, Codable {
    /// Label names that split alerts into groups; `["..."]` groups by all labels (as in Alertmanager).
    public var groupBy: [String]
    /// How long a new group waits for more alerts before its first notification.
    public var groupWait: Double
    /// How often a group is looked at again after that.
    public var groupInterval: Double
    /// How long before an unchanged, still-firing group is notified again.
    public var repeatInterval: Double
    /// Per receiver; a receiver not listed gets resolved notifications (Alertmanager's webhook default).
    public var sendResolved: [String: Bool]

    public init(
        groupBy: [String] = ["alertname"], groupWait: Double = 30, groupInterval: Double = 300,
        repeatInterval: Double = 86_400, sendResolved: [String: Bool] = [:]
    ) {
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.sendResolved = sendResolved
    }

    public func sendsResolved(to receiver: String) -> Bool {
        sendResolved[receiver] ?? true
    }

    /// The alert's values of the `group_by` labels; a label the alert lacks is left out, as in Alertmanager.
    public func groupLabels(of labels: [String: String]) -> [String: String] {
        if groupBy.contains("...") { return labels }
        return labels.filter { groupBy.contains($0.key) }
    }
}

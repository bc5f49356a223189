/// Alertmanager's dispatcher and notify pipeline for one route: alerts are grouped per receiver and
/// `group_by` labels; a group first flushes `group_wait` after its first alert, then every
/// `group_interval`; a flush notifies only when a firing alert is new to the receiver, an alert resolved
/// (with `send_resolved`), or `repeat_interval` passed with alerts still firing.
///
/// A value, persisted like `AlertStateMachine`. Call `update` after every evaluation and again at
/// `nextDeadline()`; queue what it returns, then `markSent` each one (queued counts as sent: delivery is
/// at-least-once from the durable outbox). After restoring, call `reconfigure` with the current settings.
public struct NotificationDispatcher: Hashable, Sendable, Codable {
    public private(set) var policy: NotificationPolicy
    /// Ordered by receiver, then group key.
    public private(set) var groups: [NotificationGroup] = []

    public init(policy: NotificationPolicy = NotificationPolicy()) {
        self.policy = policy
    }

    /// Alertmanager's group key for the root route: `{}:{alertname="X"}`.
    public static func groupKey(for groupLabels: [String: String]) -> String {
        "{}:" + LabelSets.text(groupLabels)
    }

    /// Applies new settings (a reload, or the config at start after restoring). Timings and
    /// `send_resolved` take effect at the next flush; a new `group_by` starts the groups afresh, as an
    /// Alertmanager reload does, so firing alerts are notified again under their new groups.
    public mutating func reconfigure(_ newPolicy: NotificationPolicy) {
        if newPolicy.groupBy != policy.groupBy { groups = [] }
        policy = newPolicy
    }

    /// Takes the state machine's current alerts (pending ones are ignored) and returns the notifications
    /// due at `now`, ordered by receiver and group key.
    public mutating func update(alerts: [Alert], now: Double) -> [PendingNotification] {
        var routed: [Address: [Fingerprint: Alert]] = [:]
        var routedLabels: [Address: [String: String]] = [:]
        for alert in alerts where alert.state != .pending {
            let labels = policy.groupLabels(of: alert.labels)
            for receiver in Set(alert.receivers) {
                let address = Address(receiver: receiver, key: Self.groupKey(for: labels))
                routed[address, default: [:]][alert.fingerprint] = alert
                routedLabels[address] = labels
            }
        }
        for index in groups.indices {
            groups[index].merge(routed[address(of: groups[index])] ?? [:], now: now)
        }
        let known = Set(groups.map(address(of:)))
        for (address, incoming) in routed where !known.contains(address) {
            guard incoming.values.contains(where: { $0.state == .firing }) else { continue }
            var group = NotificationGroup(
                receiver: address.receiver, labels: routedLabels[address] ?? [:], createdAt: now,
                groupWait: policy.groupWait)
            group.merge(incoming, now: now)
            groups.append(group)
        }
        var due: [PendingNotification] = []
        for index in groups.indices where now >= groups[index].nextFlush {
            if let notification = groups[index].flush(now: now, policy: policy) { due.append(notification) }
        }
        // A group with nothing left after its flush is done (one with a notification out still holds
        // the notification's alerts until `markSent`).
        groups.removeAll { $0.alerts.isEmpty }
        groups.sort { ($0.receiver, $0.key) < ($1.receiver, $1.key) }
        return due
    }

    /// When `update` should next be called to flush a group; nil when there are no groups.
    public func nextDeadline() -> Double? {
        groups.map(\.nextFlush).min()
    }

    /// Records that `notification` is durably queued, at `time`: its group now counts it as sent.
    public mutating func markSent(_ notification: PendingNotification, at time: Double) {
        let address = Address(receiver: notification.receiver, key: notification.groupKey)
        guard let index = groups.firstIndex(where: { self.address(of: $0) == address }) else { return }
        groups[index].markSent(notification, at: time)
        if groups[index].alerts.isEmpty { groups.remove(at: index) }
    }

    private struct Address: Hashable {
        var receiver: String
        var key: String
    }

    private func address(of group: NotificationGroup) -> Address {
        Address(receiver: group.receiver, key: group.key)
    }
}

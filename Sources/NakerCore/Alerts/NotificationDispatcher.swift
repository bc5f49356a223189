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

/// A notification a group flush decided to send, before the daemon queues it in the outbox.
public struct PendingNotification: Hashable, Sendable, Codable {
    /// Stable for the same group, alerts and flush (also when a restored dispatcher repeats a flush that
    /// was queued but not yet saved as sent): the `Idempotency-Key` and the outbox key.
    public var id: String
    public var receiver: String
    /// Alertmanager's form: `{}:{alertname="X"}`.
    public var groupKey: String
    public var groupLabels: [String: String]
    /// Firing alerts, and resolved ones when the receiver has `send_resolved`, ordered by labels.
    public var alerts: [Alert]
    /// "firing" if any alert fires, else "resolved".
    public var status: String
    /// The flush's scheduled time (the group's deadline, not the possibly later call to `update`).
    public var scheduledAt: Double

    public init(
        receiver: String, groupKey: String, groupLabels: [String: String], alerts: [Alert],
        scheduledAt: Double
    ) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.alerts = alerts.sorted { LabelSets.precedes($0.labels, $1.labels) }
        self.status = alerts.contains { $0.state != .resolved } ? "firing" : "resolved"
        self.scheduledAt = scheduledAt
        var hash = FNV1a()
        hash.addField(receiver)
        hash.addField(groupKey)
        for state in [Alert.State.firing, .resolved] {
            hash.addField(state.rawValue)
            for fingerprint in alerts.filter({ $0.state == state }).map(\.fingerprint).sorted() {
                hash.addField(fingerprint.description)
            }
        }
        hash.addField(String(Int64((scheduledAt * 1000).rounded())))
        self.id = FNV1a.hex(hash.value)
    }

    public var firingFingerprints: [Fingerprint] {
        alerts.filter { $0.state != .resolved }.map(\.fingerprint).sorted()
    }

    public var resolvedFingerprints: [Fingerprint] {
        alerts.filter { $0.state == .resolved }.map(\.fingerprint).sorted()
    }
}

/// One Alertmanager aggregation group: the alerts of one receiver that share the `group_by` labels, its
/// flush timer, and what its last notification carried (Alertmanager keeps that in its notification log).
public struct NotificationGroup: Hashable, Sendable, Codable {
    /// What the last queued notification carried.
    public struct Sent: Hashable, Sendable, Codable {
        public var firing: [Fingerprint]
        public var resolved: [Fingerprint]
        public var at: Double

        public init(firing: [Fingerprint], resolved: [Fingerprint], at: Double) {
            self.firing = firing
            self.resolved = resolved
            self.at = at
        }
    }

    public var receiver: String
    public var labels: [String: String]
    public var key: String
    /// Firing alerts, and resolved ones not yet flushed.
    public var alerts: [Fingerprint: Alert]
    public var createdAt: Double
    public var nextFlush: Double
    public var lastSent: Sent?

    public init(receiver: String, labels: [String: String], createdAt: Double, groupWait: Double) {
        self.receiver = receiver
        self.labels = labels
        self.key = NotificationDispatcher.groupKey(for: labels)
        self.alerts = [:]
        self.createdAt = createdAt
        self.nextFlush = createdAt + groupWait
        self.lastSent = nil
    }

    /// Takes in this evaluation's firing and resolved alerts routed here. A held firing alert that is no
    /// longer routed here as firing (its rule or receiver went away, or it cleared and became pending
    /// again between two updates) is taken as resolved now. A resolved alert the group does not hold is
    /// ignored: it was flushed already, or the group never saw it fire.
    mutating func merge(_ incoming: [Fingerprint: Alert], now: Double) {
        for (fingerprint, held) in alerts
        where held.state == .firing && incoming[fingerprint]?.state != .firing {
            var resolved = incoming[fingerprint].flatMap { $0.state == .resolved ? $0 : nil } ?? held
            if resolved.state != .resolved {
                resolved.state = .resolved
                resolved.resolvedAt = now
            }
            alerts[fingerprint] = resolved
        }
        for (fingerprint, alert) in incoming where alert.state == .firing || alerts[fingerprint] != nil {
            alerts[fingerprint] = alert
        }
    }

    /// A flush at `now` (the caller checked `now >= nextFlush`): the notification to send, if any. As in
    /// Alertmanager, the next flush is one `group_interval` after this one.
    mutating func flush(now: Double, policy: NotificationPolicy) -> PendingNotification? {
        let scheduled = nextFlush
        nextFlush = now + policy.groupInterval
        let firing = alerts.values.filter { $0.state == .firing }
        let resolved = alerts.values.filter { $0.state == .resolved }
        let sendResolved = policy.sendsResolved(to: receiver)
        guard
            needsNotification(
                firing: Set(firing.map(\.fingerprint)), resolved: Set(resolved.map(\.fingerprint)),
                sendResolved: sendResolved, repeatInterval: policy.repeatInterval, now: now)
        else {
            dropResolved()
            return nil
        }
        let outgoing = firing + (sendResolved ? resolved : [])
        guard !outgoing.isEmpty else {
            // All resolved and the receiver does not want to hear it: nothing to send, but remember that
            // the firing ones are over, as Alertmanager's log does.
            lastSent = Sent(firing: [], resolved: resolved.map(\.fingerprint).sorted(), at: now)
            dropResolved()
            return nil
        }
        if !sendResolved { dropResolved() }
        return PendingNotification(
            receiver: receiver, groupKey: key, groupLabels: labels, alerts: outgoing, scheduledAt: scheduled)
    }

    /// Alertmanager's `DedupStage.needsUpdate`, with the last queued notification as the log entry.
    private func needsNotification(
        firing: Set<Fingerprint>, resolved: Set<Fingerprint>, sendResolved: Bool, repeatInterval: Double,
        now: Double
    ) -> Bool {
        guard let lastSent else { return !firing.isEmpty }
        if !firing.isSubset(of: lastSent.firing) { return true }
        // Everything resolved: notify only if the receiver was last told something fires.
        if firing.isEmpty { return !lastSent.firing.isEmpty }
        if sendResolved, !resolved.isSubset(of: lastSent.resolved) { return true }
        return now - lastSent.at >= repeatInterval
    }

    /// Records a queued notification and forgets the resolved alerts it carried, unless they changed since.
    mutating func markSent(_ notification: PendingNotification, at time: Double) {
        lastSent = Sent(
            firing: notification.firingFingerprints, resolved: notification.resolvedFingerprints, at: time)
        for alert in notification.alerts where alert.state == .resolved {
            if let held = alerts[alert.fingerprint], held.state == .resolved,
                held.resolvedAt == alert.resolvedAt
            {
                alerts[alert.fingerprint] = nil
            }
        }
    }

    private mutating func dropResolved() {
        alerts = alerts.filter { $0.value.state != .resolved }
    }
}

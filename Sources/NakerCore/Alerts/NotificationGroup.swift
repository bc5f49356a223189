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

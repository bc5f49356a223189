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

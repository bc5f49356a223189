/// One alert as the state machine tracks it (Prometheus' rule alert): identity, state, timers and the
/// latest sample. Inactive alerts are not kept at all.
public struct Alert: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        case pending
        case firing
        case resolved
    }

    public var fingerprint: Fingerprint
    /// `AlertRule.id` of the owning rule.
    public var ruleID: String
    public var labels: [String: String]
    /// Templates as configured, unrendered.
    public var annotations: [String: String]
    public var receivers: [String]
    public var state: State
    /// When the condition became active (Prometheus' `activeAt`); the `for` timer counts from here.
    public var activeAt: Double
    public var firedAt: Double?
    public var resolvedAt: Double?
    /// The first evaluation at which a firing alert's condition was gone; `keep_firing_for` counts from
    /// here (Prometheus' `KeepFiringSince`). Nil while the condition holds.
    public var keepFiringSince: Double?
    /// The latest active sample (for a resolved alert: the last one before it cleared).
    public var sample: AlertSample

    public init(
        fingerprint: Fingerprint, ruleID: String, labels: [String: String], annotations: [String: String],
        receivers: [String], state: State, activeAt: Double, firedAt: Double? = nil,
        resolvedAt: Double? = nil, keepFiringSince: Double? = nil, sample: AlertSample
    ) {
        self.fingerprint = fingerprint
        self.ruleID = ruleID
        self.labels = labels
        self.annotations = annotations
        self.receivers = receivers
        self.state = state
        self.activeAt = activeAt
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.keepFiringSince = keepFiringSince
        self.sample = sample
    }

    public var startsAt: Double { activeAt }
    /// Nil while pending or firing.
    public var endsAt: Double? { resolvedAt }
    public var alertname: String { labels["alertname"] ?? "" }
    public var severity: String { labels["severity"] ?? "" }
}

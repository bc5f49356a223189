/// Prometheus' alerting-rule state machine over all rules: inactive → pending → firing → resolved.
///
/// A value: the daemon encodes it (Codable) after every evaluation and decodes it at start, and because
/// every timer is a stored Unix time, a restored machine carries on exactly (a pending `for` is not
/// restarted, a firing alert stays firing without paging again).
public struct AlertStateMachine: Hashable, Sendable, Codable {
    /// Resolved alerts are kept this long (Prometheus' `resolvedRetention`) so the resolved
    /// notification can still go out.
    public static let resolvedRetention: Double = 15 * 60

    public private(set) var states: [Fingerprint: Alert] = [:]

    public init() {}

    /// Pending, firing and recently resolved alerts, ordered by labels.
    public var alerts: [Alert] {
        states.values.sorted { LabelSets.precedes($0.labels, $1.labels) }
    }

    /// Applies one evaluation's samples at `now` and returns the current alerts. Samples from rules not in
    /// `rules` are ignored; of samples with equal labels the first wins. An alert whose rule is gone (a
    /// reload removed it) is treated as cleared. Alerts in `holding` (their condition cannot be decided for
    /// want of data) keep their state and timers untouched.
    public mutating func evaluate(
        _ samples: [AlertSample], rules: [AlertRule], at now: Double, holding: Set<Fingerprint> = []
    ) -> [Alert] {
        let rulesByID = Dictionary(rules.map { ($0.id, $0) }) { first, _ in first }
        var active = Set<Fingerprint>()
        for sample in samples {
            let fingerprint = Fingerprint(labels: sample.labels)
            guard let rule = rulesByID[sample.ruleID], active.insert(fingerprint).inserted else { continue }
            activate(fingerprint, sample: sample, rule: rule, now: now)
        }
        for (fingerprint, alert) in states where !active.contains(fingerprint) {
            if holding.contains(fingerprint), alert.state != .resolved { continue }
            clear(alert, rule: rulesByID[alert.ruleID], now: now)
        }
        return alerts
    }

    private mutating func activate(
        _ fingerprint: Fingerprint, sample: AlertSample, rule: AlertRule, now: Double
    ) {
        var alert: Alert
        if var existing = states[fingerprint], existing.state != .resolved {
            existing.sample = sample
            existing.keepFiringSince = nil
            alert = existing
        } else {
            // New, or a resolved alert whose condition returned: a fresh pending alert with a new activeAt.
            alert = Alert(
                fingerprint: fingerprint, ruleID: rule.id, labels: sample.labels, annotations: [:],
                receivers: [], state: .pending, activeAt: now, sample: sample)
        }
        alert.ruleID = rule.id
        alert.annotations = rule.annotations
        alert.receivers = rule.receivers
        if alert.state == .pending, now - alert.activeAt >= rule.forSeconds {
            alert.state = .firing
            alert.firedAt = now
        }
        states[fingerprint] = alert
    }

    private mutating func clear(_ alert: Alert, rule: AlertRule?, now: Double) {
        var alert = alert
        switch alert.state {
        case .pending:
            // Never fired, so never notified: dropped without a trace.
            states[alert.fingerprint] = nil
            return
        case .firing:
            let keepFor = rule?.keepFiringForSeconds ?? 0
            if keepFor > 0 {
                let since = alert.keepFiringSince ?? now
                alert.keepFiringSince = since
                if now - since < keepFor {
                    if let rule { alert.annotations = rule.annotations }
                    states[alert.fingerprint] = alert
                    return
                }
            }
            alert.state = .resolved
            alert.resolvedAt = now
            alert.keepFiringSince = nil
            states[alert.fingerprint] = alert
        case .resolved:
            if now - (alert.resolvedAt ?? now) > Self.resolvedRetention { states[alert.fingerprint] = nil }
        }
    }
}

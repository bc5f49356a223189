/// One active condition instance, as the evaluator found it: the alert's labels, the number that tripped
/// it, and the values message templates need.
public struct AlertSample: Hashable, Sendable {
    /// `AlertRule.id` of the rule that produced it.
    public var ruleID: String
    /// `alertname`, `severity`, `target` or `source`, and the rule's extra labels.
    public var labels: [String: String]
    /// What tripped the condition: the pace, the projection, the value, or an age in seconds
    /// (`.infinity` when the source or recalculation never succeeded).
    public var value: Double
    /// `pace_below`'s threshold, or the `max_age` of a staleness rule.
    public var threshold: Double?
    public var targetDescription: String?
    /// The target's indicator, as configured (`entrepreneurs`, `open_unemployment`, …).
    public var indicator: String?
    /// Whether the target's values are 0–1 ratios (shown as percent).
    public var isRatio: Bool
    /// The target's realised value.
    public var targetValue: Double?
    public var goal: Double?
    public var expected: Double?
    /// Capaian.
    public var progress: Double?
    public var pace: Double?
    public var projected: Double?
    /// How far on the wrong side, always positive: expected − value (pace), goal − projected (projection),
    /// goal − value (beyond goal); mirrored for `at_most`.
    public var shortfall: Double?
    /// Staleness rules: Unix time of the last success; nil when there never was one.
    public var lastSuccess: Double?

    public init(
        ruleID: String, labels: [String: String], value: Double, threshold: Double? = nil,
        targetDescription: String? = nil, indicator: String? = nil, isRatio: Bool = false,
        targetValue: Double? = nil, goal: Double? = nil, expected: Double? = nil, progress: Double? = nil,
        pace: Double? = nil, projected: Double? = nil, shortfall: Double? = nil, lastSuccess: Double? = nil
    ) {
        self.ruleID = ruleID
        self.labels = labels
        self.value = value
        self.threshold = threshold
        self.targetDescription = targetDescription
        self.indicator = indicator
        self.isRatio = isRatio
        self.targetValue = targetValue
        self.goal = goal
        self.expected = expected
        self.progress = progress
        self.pace = pace
        self.projected = projected
        self.shortfall = shortfall
        self.lastSuccess = lastSuccess
    }
}

// Hand-written because `value` may be infinite (never loaded), which JSON numbers cannot hold:
// non-finite values are stored as Prometheus spells them ("+Inf", "-Inf", "NaN").
extension AlertSample: Codable {
    private enum CodingKeys: String, CodingKey {
        case ruleID, labels, value, threshold, targetDescription, indicator, isRatio, targetValue, goal
        case expected, progress, pace, projected, shortfall, lastSuccess
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ruleID = try container.decode(String.self, forKey: .ruleID)
        labels = try container.decode([String: String].self, forKey: .labels)
        if let number = try? container.decode(Double.self, forKey: .value) {
            value = number
        } else {
            let text = try container.decode(String.self, forKey: .value)
            guard let special = Self.special[text] else {
                throw DecodingError.dataCorruptedError(
                    forKey: .value, in: container, debugDescription: "\"\(text)\" is not a number")
            }
            value = special
        }
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
        targetDescription = try container.decodeIfPresent(String.self, forKey: .targetDescription)
        indicator = try container.decodeIfPresent(String.self, forKey: .indicator)
        isRatio = try container.decodeIfPresent(Bool.self, forKey: .isRatio) ?? false
        targetValue = try container.decodeIfPresent(Double.self, forKey: .targetValue)
        goal = try container.decodeIfPresent(Double.self, forKey: .goal)
        expected = try container.decodeIfPresent(Double.self, forKey: .expected)
        progress = try container.decodeIfPresent(Double.self, forKey: .progress)
        pace = try container.decodeIfPresent(Double.self, forKey: .pace)
        projected = try container.decodeIfPresent(Double.self, forKey: .projected)
        shortfall = try container.decodeIfPresent(Double.self, forKey: .shortfall)
        lastSuccess = try container.decodeIfPresent(Double.self, forKey: .lastSuccess)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ruleID, forKey: .ruleID)
        try container.encode(labels, forKey: .labels)
        if value.isFinite {
            try container.encode(value, forKey: .value)
        } else {
            try container.encode(value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf"), forKey: .value)
        }
        try container.encodeIfPresent(threshold, forKey: .threshold)
        try container.encodeIfPresent(targetDescription, forKey: .targetDescription)
        try container.encodeIfPresent(indicator, forKey: .indicator)
        try container.encode(isRatio, forKey: .isRatio)
        try container.encodeIfPresent(targetValue, forKey: .targetValue)
        try container.encodeIfPresent(goal, forKey: .goal)
        try container.encodeIfPresent(expected, forKey: .expected)
        try container.encodeIfPresent(progress, forKey: .progress)
        try container.encodeIfPresent(pace, forKey: .pace)
        try container.encodeIfPresent(projected, forKey: .projected)
        try container.encodeIfPresent(shortfall, forKey: .shortfall)
        try container.encodeIfPresent(lastSuccess, forKey: .lastSuccess)
    }

    private static let special: [String: Double] = ["+Inf": .infinity, "-Inf": -.infinity, "NaN": .nan]
}

/// The `naker_alerts` family (docs/metrics.md), as Prometheus' `ALERTS`: one series of value 1 per
/// pending or firing alert, labelled with `alertstate` and all the alert's own labels (alertname,
/// severity, the target or source, the rule's extra labels), so two alerts of one rule are two series.
public enum AlertMetrics {
    public static func family(_ alerts: [Alert]) -> MetricFamily {
        let samples = alerts.filter { $0.state != .resolved }.map { alert in
            let others = alert.labels.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }
            return MetricSample(
                labels: [
                    MetricLabel("alertname", alert.alertname),
                    MetricLabel("alertstate", alert.state.rawValue),
                ]
                    + others.map { MetricLabel($0.key, $0.value) },
                value: 1)
        }
        return MetricFamily(
            name: "naker_alerts", help: "Pending and firing alerts, like Prometheus' ALERTS; 1 per alert.",
            type: .gauge,
            samples: samples.sorted {
                $0.labels.lexicographicallyPrecedes($1.labels) { ($0.name, $0.value) < ($1.name, $1.value) }
            })
    }
}

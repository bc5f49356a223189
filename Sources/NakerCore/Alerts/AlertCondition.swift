/// What makes an alert rule active (`when:` in the config, docs/notifications.md).
public enum AlertCondition: Hashable, Sendable {
    /// The target's pace (value / expected) is below `threshold`.
    case paceBelow(threshold: Double)
    /// A count target's projection to `end` misses the goal: below it for `at_least`, above for `at_most`.
    case projectedBelowGoal
    /// The value is on the wrong side of the goal (capaian < 1), e.g. TPT above an `at_most` goal.
    case beyondGoal
    /// A source's last successful load is more than `maxAge` seconds old, or it never loaded.
    case sourceStale(maxAge: Double)
    /// No recalculation has succeeded within `maxAge` seconds.
    case recalcFailing(maxAge: Double)

    /// The config spelling (`when:`).
    public var kind: String {
        switch self {
        case .paceBelow: "pace_below"
        case .projectedBelowGoal: "projected_below_goal"
        case .beyondGoal: "beyond_goal"
        case .sourceStale: "source_stale"
        case .recalcFailing: "recalc_failing"
        }
    }

    /// Whether the rule reads a target (and so needs `target:`).
    public var needsTarget: Bool {
        switch self {
        case .paceBelow, .projectedBelowGoal, .beyondGoal: true
        case .sourceStale, .recalcFailing: false
        }
    }

    /// Whether the rule watches sources (and so may take `source:`).
    public var readsSources: Bool {
        if case .sourceStale = self { return true }
        return false
    }
}

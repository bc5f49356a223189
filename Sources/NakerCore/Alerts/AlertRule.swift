/// One entry under `alerts:` (docs/configuration.md), with durations already in seconds.
public struct AlertRule: Hashable, Sendable {
    /// The `alertname` label.
    public var name: String
    /// Required for target conditions; ignored otherwise.
    public var target: String?
    /// For `sourceStale` only: nil watches every source.
    public var source: String?
    public var condition: AlertCondition
    /// How long the condition must hold (pending) before the alert fires; 0 fires at once.
    public var forSeconds: Double
    /// How long a firing alert stays firing after its condition clears.
    public var keepFiringForSeconds: Double
    public var severity: String
    /// Extra labels, added to every alert of this rule.
    public var labels: [String: String]
    /// Templates, kept as written; rendered where notifications are built.
    public var annotations: [String: String]
    public var receivers: [String]

    public init(
        name: String, target: String? = nil, source: String? = nil, condition: AlertCondition,
        forSeconds: Double = 0, keepFiringForSeconds: Double = 0, severity: String = "warning",
        labels: [String: String] = [:], annotations: [String: String] = [:], receivers: [String] = []
    ) {
        self.name = name
        self.target = target
        self.source = source
        self.condition = condition
        self.forSeconds = forSeconds
        self.keepFiringForSeconds = keepFiringForSeconds
        self.severity = severity
        self.labels = labels
        self.annotations = annotations
        self.receivers = receivers
    }

    /// Labels shared by every alert of this rule. Precedence (later wins): target/source, extra labels,
    /// severity, alertname — as in Prometheus, where the rule's name always wins. Empty values are dropped,
    /// as Prometheus drops empty labels.
    public func alertLabels(target: String? = nil, source: String? = nil) -> [String: String] {
        var result: [String: String] = [:]
        if let target { result["target"] = target }
        if let source { result["source"] = source }
        result.merge(labels) { _, extra in extra }
        result["severity"] = severity
        result["alertname"] = name
        return result.filter { !$0.value.isEmpty }
    }

    /// Which rule owns an alert, stable across reloads while the rule's labels stay the same (the daemon
    /// matches restored alerts to rules by it). Two rules with equal labels share it; keep them distinct.
    public var id: String {
        LabelSets.text(alertLabels(target: condition.needsTarget ? target : nil, source: source))
    }

    /// Everything wrong with the rule, each saying what to change; empty when it can be evaluated.
    public var problems: [AlertRuleProblem] {
        var found: [AlertRuleProblem] = []
        if name.isEmpty { found.append(.missingName) }
        if condition.needsTarget, target?.isEmpty ?? true { found.append(.missingTarget(condition.kind)) }
        if !condition.needsTarget, target != nil { found.append(.unexpectedTarget(condition.kind)) }
        if source != nil, !condition.readsSources { found.append(.unexpectedSource(condition.kind)) }
        if !(forSeconds >= 0 && forSeconds.isFinite) { found.append(.negativeDuration("for")) }
        if !(keepFiringForSeconds >= 0 && keepFiringForSeconds.isFinite) {
            found.append(.negativeDuration("keep_firing_for"))
        }
        switch condition {
        case .paceBelow(let threshold) where !threshold.isFinite || threshold <= 0:
            found.append(.badThreshold(threshold))
        case .sourceStale(let maxAge) where !(maxAge > 0 && maxAge.isFinite),
            .recalcFailing(let maxAge) where !(maxAge > 0 && maxAge.isFinite):
            found.append(.badMaxAge(maxAge))
        default:
            break
        }
        return found
    }
}

/// Why an alert rule cannot be evaluated; the description says what to write instead.
public enum AlertRuleProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case missingName
    case missingTarget(String)
    case unexpectedTarget(String)
    case unexpectedSource(String)
    case negativeDuration(String)
    case badThreshold(Double)
    case badMaxAge(Double)

    public var description: String {
        switch self {
        case .missingName:
            "the alert has no name; set name: (it becomes the alertname label)"
        case .missingTarget(let kind):
            "when: \(kind) needs target: naming one of the targets under targets:"
        case .unexpectedTarget(let kind):
            "when: \(kind) does not read a target; remove target:"
        case .unexpectedSource(let kind):
            "only when: source_stale takes source:; remove it from this \(kind) alert"
        case .negativeDuration(let key):
            "\(key) must be a duration of 0 or more, such as 0s or 1h"
        case .badThreshold(let value):
            "threshold \(value) is not a positive ratio; write pace as 0–1, e.g. 0.9 for 90 %"
        case .badMaxAge(let value):
            "max_age \(value) is not a positive duration; write e.g. max_age: 1h"
        }
    }
}

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

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

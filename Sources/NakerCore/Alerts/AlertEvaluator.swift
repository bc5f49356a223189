/// Turns alert rules and one recalculation's results into active condition instances. Pure: the time is
/// `inputs.now`, nothing is read.
public enum AlertEvaluator {
    /// Every active instance, in rule order. A target without a value (no data yet), an unknown target,
    /// or a pace/projection the target does not have, gives no sample.
    public static func samples(rules: [AlertRule], inputs: AlertInputs) -> [AlertSample] {
        rules.flatMap { samples(for: $0, inputs: inputs) }
    }

    /// The alerts whose condition cannot be decided because their target has no value: no data yet, or
    /// no report. No data neither fires nor resolves, so the state machine holds these as they are.
    public static func undecided(rules: [AlertRule], inputs: AlertInputs) -> Set<Fingerprint> {
        var held = Set<Fingerprint>()
        for rule in rules where rule.condition.needsTarget {
            guard let name = rule.target else { continue }
            let evaluation = inputs.report?.targets.first { $0.target.name == name }
            if inputs.report == nil || (evaluation != nil && evaluation?.value == nil) {
                held.insert(Fingerprint(labels: rule.alertLabels(target: name)))
            }
        }
        return held
    }

    static func samples(for rule: AlertRule, inputs: AlertInputs) -> [AlertSample] {
        switch rule.condition {
        case .paceBelow, .projectedBelowGoal, .beyondGoal:
            return targetSample(rule, report: inputs.report).map { [$0] } ?? []
        case .sourceStale(let maxAge):
            return staleSources(rule, maxAge: maxAge, inputs: inputs)
        case .recalcFailing(let maxAge):
            let age = inputs.lastRecalcSuccess.map { inputs.now - $0 } ?? .infinity
            guard age > maxAge else { return [] }
            return [
                AlertSample(
                    ruleID: rule.id, labels: rule.alertLabels(), value: age, threshold: maxAge,
                    lastSuccess: inputs.lastRecalcSuccess)
            ]
        }
    }

    private static func targetSample(_ rule: AlertRule, report: LabourMarketReport?) -> AlertSample? {
        guard let name = rule.target, let report,
            let evaluation = report.targets.first(where: { $0.target.name == name }),
            let value = evaluation.value
        else { return nil }
        let target = evaluation.target
        let tripped: Double
        let shortfall: Double
        var threshold: Double?
        switch rule.condition {
        case .paceBelow(let limit):
            guard let pace = evaluation.pace, pace < limit else { return nil }
            tripped = pace
            shortfall = (evaluation.expected ?? value) - value
            threshold = limit
        case .projectedBelowGoal:
            guard let projected = evaluation.projected, misses(projected, target) else { return nil }
            tripped = projected
            shortfall = distance(projected, target)
        case .beyondGoal:
            // Compared directly rather than through capaian < 1, so a value exactly at the goal never trips.
            guard misses(value, target) else { return nil }
            tripped = value
            shortfall = distance(value, target)
        case .sourceStale, .recalcFailing:
            return nil
        }
        return AlertSample(
            ruleID: rule.id, labels: rule.alertLabels(target: name), value: tripped, threshold: threshold,
            targetDescription: target.description, indicator: target.indicator.rawValue,
            isRatio: target.indicator.isRatio, targetValue: value, goal: target.goal,
            expected: evaluation.expected, progress: evaluation.progress, pace: evaluation.pace,
            projected: evaluation.projected, shortfall: shortfall)
    }

    /// On the wrong side of the goal: below it for `at_least`, above it for `at_most`.
    private static func misses(_ number: Double, _ target: Target) -> Bool {
        target.direction == .atLeast ? number < target.goal : number > target.goal
    }

    private static func distance(_ number: Double, _ target: Target) -> Double {
        target.direction == .atLeast ? target.goal - number : number - target.goal
    }

    private static func staleSources(_ rule: AlertRule, maxAge: Double, inputs: AlertInputs) -> [AlertSample]
    {
        var watched = inputs.sources.sorted { $0.name < $1.name }
        if let name = rule.source {
            // A named source the daemon has no status for has never loaded: that errs towards alerting.
            watched = [
                watched.first { $0.name == name }
                    ?? SourceStatus(name: name, up: false, rows: nil, rejectedRows: nil)
            ]
        }
        return watched.compactMap { status in
            let age = status.lastSuccess.map { inputs.now - $0 } ?? .infinity
            guard age > maxAge else { return nil }
            return AlertSample(
                ruleID: rule.id, labels: rule.alertLabels(source: status.name), value: age, threshold: maxAge,
                lastSuccess: status.lastSuccess)
        }
    }
}

/// What alert rules are evaluated against: one recalculation's results and the time it is now.
public struct AlertInputs: Hashable, Sendable {
    /// Nil before the first recalculation; target rules then have no samples.
    public var report: LabourMarketReport?
    /// Every configured source, with `lastSuccess` set (nil = never loaded).
    public var sources: [SourceStatus]
    /// Unix time of the last successful recalculation; nil when none has succeeded yet.
    public var lastRecalcSuccess: Double?
    /// Unix seconds; ages are measured from here.
    public var now: Double

    public init(
        report: LabourMarketReport?, sources: [SourceStatus], lastRecalcSuccess: Double?, now: Double
    ) {
        self.report = report
        self.sources = sources
        self.lastRecalcSuccess = lastRecalcSuccess
        self.now = now
    }
}

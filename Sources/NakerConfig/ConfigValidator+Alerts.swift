import NakerCore

extension ConfigValidator {
    static let conditionNames = "pace_below, projected_below_goal, beyond_goal, source_stale, recalc_failing"
    static let reservedLabels: Set<String> = ["alertname", "alertstate", "severity", "target", "source"]

    /// - Parameter written: the target and source names as written, also of those with a problem of
    ///   their own (reported there), so an alert naming one is not refused a second time.
    mutating func validateAlerts(
        _ raw: [RawAlert], targets: [Target], sources: [SourceConfig], receivers: [String],
        written: (targets: Set<String>, sources: Set<String>) = ([], [])
    )
        -> [AlertRule]
    {
        var seen: Set<String> = []
        var rules: [AlertRule] = []
        for (index, rawAlert) in raw.enumerated() {
            let path = "alerts[\(index)]"
            guard let nameScalar = rawAlert.name else {
                report("\(path).name", "is required: the alertname, e.g. WUBBehindPlan", line: rawAlert.line)
                continue
            }
            let name = nameScalar.text
            if !ConfigValidator.isLabelName(name) {
                report(
                    "\(path).name",
                    "\"\(name)\" must match \(ConfigValidator.labelNamePattern), e.g. WUBBehindPlan",
                    nameScalar)
            } else if !seen.insert(name).inserted {
                report(
                    "\(path).name", "\"\(name)\" is used by an earlier alert; names must be unique",
                    nameScalar)
            }
            if let rule = validateAlert(
                rawAlert, path, name: name, targets: targets, sources: sources, receivers: receivers,
                written: written)
            {
                rules.append(rule)
            }
        }
        return rules
    }

    mutating func validateAlert(
        _ raw: RawAlert, _ path: String, name: String, targets: [Target], sources: [SourceConfig],
        receivers: [String], written: (targets: Set<String>, sources: Set<String>)
    ) -> AlertRule? {
        guard let condition = alertCondition(raw, path, targets: targets) else { return nil }
        var rule = AlertRule(name: name, condition: condition)
        if let target = raw.target {
            if !condition.needsTarget {
                report("\(path).target", "\(condition.kind) does not look at a target; remove it", target)
            } else if let found = targets.first(where: { $0.name == target.text }) {
                rule.target = found.name
                if condition == .projectedBelowGoal, found.indicator.family != .count {
                    report(
                        "\(path).when",
                        "projected_below_goal needs a count target (entrepreneurs, trainees); \(found.name) has no projection",
                        raw.when)
                }
            } else if written.targets.contains(target.text) {
                rule.target = target.text  // the target's own problem is reported under targets:
            } else {
                report(
                    "\(path).target",
                    "no target is named \"\(target.text)\"; write one of \(targets.map(\.name).joined(separator: ", "))",
                    target)
            }
        } else if condition.needsTarget {
            report("\(path).target", "is required for \(condition.kind): the target's name", line: raw.line)
        }
        if let source = raw.source {
            if !condition.readsSources {
                report("\(path).source", "applies to source_stale only; remove it", source)
            } else if sources.contains(where: { $0.name == source.text })
                || written.sources.contains(source.text)
            {
                rule.source = source.text
            } else {
                report(
                    "\(path).source",
                    "no source is named \"\(source.text)\"; write one of \(sources.map(\.name).joined(separator: ", "))",
                    source)
            }
        }
        if let value = raw.forDuration, let seconds = seconds(value, "\(path).for") {
            rule.forSeconds = seconds
        }
        if let value = raw.keepFiringFor, let seconds = seconds(value, "\(path).keep_firing_for") {
            rule.keepFiringForSeconds = seconds
        }
        if let severity = raw.severity { rule.severity = severity.text }
        for (label, value) in (raw.labels ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !ConfigValidator.isLabelName(label) || ConfigValidator.reservedLabels.contains(label) {
                report(
                    "\(path).labels.\(label)",
                    "must be a label name other than alertname, alertstate, severity, target, source", value)
            } else {
                rule.labels[label] = value.text
            }
        }
        for (key, template) in (raw.annotations ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let problem = templates.problem(inAnnotation: template.text) {
                report("\(path).annotations.\(key)", problem, template)
            } else {
                rule.annotations[key] = template.text
            }
        }
        guard let rawReceivers = raw.receivers, !rawReceivers.isEmpty else {
            report(
                "\(path).receivers", "is required: the receivers to notify, e.g. [leadership]", line: raw.line
            )
            return nil
        }
        for receiver in rawReceivers {
            if receivers.contains(receiver.text) {
                rule.receivers.append(receiver.text)
            } else {
                report(
                    "\(path).receivers",
                    "no receiver is named \"\(receiver.text)\"; define it under receivers:", receiver)
            }
        }
        return rule
    }

    mutating func alertCondition(_ raw: RawAlert, _ path: String, targets: [Target]) -> AlertCondition? {
        guard let when = raw.when else {
            report(
                "\(path).when", "is required; write one of \(ConfigValidator.conditionNames)", line: raw.line)
            return nil
        }
        var condition: AlertCondition?
        switch when.text {
        case "pace_below":
            if let threshold = raw.threshold {
                if let value = number(threshold, "\(path).threshold") {
                    if value > 0 {
                        condition = .paceBelow(threshold: value)
                    } else {
                        report("\(path).threshold", "must be > 0, e.g. 0.9", threshold)
                    }
                }
            } else {
                report(
                    "\(path).threshold", "is required for pace_below: the pace that is too slow, e.g. 0.9",
                    line: raw.line)
            }
        case "projected_below_goal": condition = .projectedBelowGoal
        case "beyond_goal": condition = .beyondGoal
        case "source_stale", "recalc_failing":
            guard let maxAge = raw.maxAge else {
                report(
                    "\(path).max_age", "is required for \(when.text): how old is too old, e.g. 2d",
                    line: raw.line)
                return nil
            }
            guard let age = positiveDuration(maxAge, "\(path).max_age") else { return nil }
            let seconds = age.seconds
            condition =
                when.text == "source_stale" ? .sourceStale(maxAge: seconds) : .recalcFailing(maxAge: seconds)
        default:
            report(
                "\(path).when",
                "\"\(when.text)\" is not a condition; write one of \(ConfigValidator.conditionNames)", when)
        }
        if let threshold = raw.threshold, when.text != "pace_below" {
            report("\(path).threshold", "applies to pace_below only; remove it", threshold)
        }
        if let maxAge = raw.maxAge, !["source_stale", "recalc_failing"].contains(when.text) {
            report("\(path).max_age", "applies to source_stale and recalc_failing only; remove it", maxAge)
        }
        return condition
    }

    /// A duration in seconds where zero makes sense (`for: 0` fires at once).
    mutating func seconds(_ raw: ConfigScalar, _ path: String) -> Double? {
        duration(raw, path, zeroAllowed: true)?.seconds
    }
}

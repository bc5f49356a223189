import NakerCore

extension ConfigValidator {
    /// - Parameter datasets: the datasets the sources provide; nil when that cannot be told.
    mutating func validateTargets(_ raw: [RawTarget], region: String?, datasets: Set<DatasetKind>?)
        -> [Target]
    {
        var seen: Set<String> = []
        var targets: [Target] = []
        for (index, rawTarget) in raw.enumerated() {
            let path = "targets[\(index)]"
            let name = name(rawTarget.name, path, line: rawTarget.line)
            if let name, !seen.insert(name).inserted {
                report(
                    "\(path).name", "\"\(name)\" is used by an earlier target; names must be unique",
                    rawTarget.name)
            }
            if let target = validateTarget(rawTarget, path, name: name, region: region) {
                for needed in target.indicator.datasets where datasets.map({ !$0.contains(needed) }) ?? false
                {
                    report(
                        "\(path).indicator",
                        "target \(target.name) (\(target.indicator.rawValue)) needs a source of dataset \(needed.rawValue); add one under sources: with `dataset: \(needed.rawValue)`",
                        rawTarget.indicator)
                }
                targets.append(target)
            }
        }
        return targets
    }

    mutating func validateTarget(_ raw: RawTarget, _ path: String, name: String?, region: String?) -> Target?
    {
        let indicator = indicator(raw.indicator, path, line: raw.line)
        let goal = goal(raw.goal, path, indicator: indicator, line: raw.line)
        var direction = Direction.atLeast
        if let rawDirection = raw.direction {
            if let parsed = Direction(rawValue: rawDirection.text) {
                direction = parsed
            } else {
                report(
                    "\(path).direction",
                    "\"\(rawDirection.text)\" is not a direction; write at_least or at_most", rawDirection)
            }
        }
        let start = raw.start.flatMap { date($0, "\(path).start") }
        let end = raw.end.flatMap { date($0, "\(path).end") }
        if let start, let end, end < start {
            report("\(path).end", "is before start (\(start)); the window must run forward", raw.end)
        }
        let filters = filters(raw.filters, indicator: indicator, path)
        var area: String?
        var milestones: [Target.Milestone] = []
        if let indicator {
            switch indicator.family {
            case .count:
                if raw.start == nil {
                    report(
                        "\(path).start", "is required for \(indicator.rawValue): the first day counted",
                        line: raw.line)
                }
                if raw.end == nil {
                    report(
                        "\(path).end", "is required for \(indicator.rawValue): the due date", line: raw.line)
                }
                if let rawArea = raw.area {
                    report(
                        "\(path).area",
                        "applies to survey and job-seeker indicators; for counts write `where: { area: \(rawArea.text) }`",
                        rawArea)
                }
                milestones = self.milestones(raw.milestones, path, start: start, end: end)
            case .level:
                area = raw.area.flatMap { text($0, "\(path).area") }
                if area == nil, indicator != .jobSeekersActive { area = region }
                if let rawMilestones = raw.milestones, let first = rawMilestones.first?.value {
                    report(
                        "\(path).milestones",
                        "apply to count indicators only (entrepreneurs, trainees); remove them", first)
                }
            }
        }
        guard let name, let indicator, let goal else { return nil }
        return Target(
            name: name, description: raw.description?.text ?? "", indicator: indicator, filters: filters,
            area: area, goal: goal, direction: direction, start: start, end: end, milestones: milestones)
    }

    mutating func indicator(_ raw: ConfigScalar?, _ path: String, line: Int?) -> Indicator? {
        let names = Indicator.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw else {
            report("\(path).indicator", "is required; write one of \(names)", line: line)
            return nil
        }
        guard let indicator = Indicator(rawValue: raw.text) else {
            report("\(path).indicator", "unknown indicator \"\(raw.text)\"; write one of \(names)", raw)
            return nil
        }
        return indicator
    }

    mutating func goal(_ raw: ConfigScalar?, _ path: String, indicator: Indicator?, line: Int?) -> Double? {
        guard let raw else {
            report("\(path).goal", "is required: the value that meets the target", line: line)
            return nil
        }
        let isRatio = indicator?.isRatio ?? false
        guard let goal = isRatio ? number(raw, "\(path).goal") : wholeCount(raw, "\(path).goal") else {
            return nil
        }
        guard goal > 0 else {
            report("\(path).goal", "must be greater than 0", raw)
            return nil
        }
        if isRatio, goal > 1 {
            report("\(path).goal", "ratios are written 0–1: for \(raw.text) % write \(goal / 100)", raw)
            return nil
        }
        return goal
    }

    mutating func filters(_ raw: [String: ConfigScalar]?, indicator: Indicator?, _ path: String) -> [String:
        String]
    {
        guard let raw, !raw.isEmpty else { return [:] }
        guard let indicator else { return [:] }
        guard let dataset = indicator.filterableDataset else {
            report(
                "\(path).where",
                "\(indicator.rawValue) is a survey figure with no rows to filter; use area: instead",
                raw.values.first)
            return [:]
        }
        var filters: [String: String] = [:]
        for (column, value) in raw.sorted(by: { $0.key < $1.key }) {
            guard dataset.attributeColumns.contains(column) else {
                report(
                    "\(path).where.\(column)",
                    "\(dataset.rawValue) rows cannot be filtered on \"\(column)\"; use one of \(dataset.attributeColumns.joined(separator: ", "))",
                    value)
                continue
            }
            filters[column] = value.text
        }
        return filters
    }

    mutating func milestones(
        _ raw: [String: ConfigScalar]?, _ path: String, start: LocalDate?, end: LocalDate?
    )
        -> [Target.Milestone]
    {
        guard let raw else { return [] }
        var milestones: [Target.Milestone] = []
        for (key, rawValue) in raw.sorted(by: { $0.key < $1.key }) {
            let keyPath = "\(path).milestones.\(key)"
            guard let date = date(ConfigScalar(key, at: rawValue), keyPath),
                let value = wholeCount(rawValue, keyPath)
            else { continue }
            if let start, let end, !(start <= date && date < end) {
                report(keyPath, "must fall on or after start (\(start)) and before end (\(end))", rawValue)
                continue
            }
            if value < 0 {
                report(keyPath, "must be 0 or more", rawValue)
                continue
            }
            milestones.append(Target.Milestone(date: date, value: value))
        }
        return milestones
    }
}

extension ConfigScalar {
    /// A map key, placed where its value is (YAML keys carry no mark of their own here).
    init(_ text: String, at value: ConfigScalar) {
        self.init(text)
        line = value.line
    }
}

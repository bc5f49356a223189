/// The target maths (docs/formulas.md), as pure functions of the data and the evaluation date.
public enum TargetEvaluator {
    /// Days the projection's recent rate looks back over.
    public static let rateWindowDays = 90

    public static func evaluate(_ target: Target, data: Datasets, region: String, on date: LocalDate)
        -> TargetEvaluation
    {
        var evaluation = TargetEvaluation(target: target)
        evaluation.dataAvailable = hasData(target, data: data, region: region, on: date)
        switch target.indicator.family {
        case .count:
            guard let start = target.start, let end = target.end else { return evaluation }
            evaluation.expected = expectedValue(target, start: start, end: end, on: date)
            guard evaluation.dataAvailable else { return evaluation }
            let records = target.indicator == .trainees ? data.trainees : data.entrepreneurs
            let matches = RecordFilter(target.filters, kind: records.kind)
            let value = count(records, matching: matches, from: start, through: min(end, date))
            evaluation.value = Double(value)
            evaluation.projected = projectedValue(
                value: value, records: records, matching: matches, start: start, end: end, on: date)
        case .level:
            evaluation.expected = target.goal
            guard evaluation.dataAvailable else { return evaluation }
            evaluation.value = levelValue(target, data: data, region: region, on: date)
        }
        if let value = evaluation.value {
            evaluation.progress = capaian(value: value, goal: target.goal, direction: target.direction)
            if let expected = evaluation.expected, expected != 0 {
                evaluation.pace = value / expected
            }
        }
        return evaluation
    }

    /// Whether the data the value needs is there: a loaded source of the count's dataset, or a survey
    /// period on or before `date` for the target's area (and, for the proxy, loaded job seekers).
    public static func hasData(_ target: Target, data: Datasets, region: String, on date: LocalDate) -> Bool {
        let datasets = target.indicator.datasets
        guard datasets.allSatisfy(data.hasData) else { return false }
        guard datasets.contains(.labourForce) else { return true }
        return LabourMarketCalculator.latestEstimate(data.labourForce, area: target.area ?? region, on: date)
            != nil
    }

    /// Capaian: 1.0 means the target is met, whichever way it points.
    public static func capaian(value: Double, goal: Double, direction: Direction) -> Double? {
        guard goal != 0 else { return nil }
        switch direction {
        case .atLeast: return value / goal
        case .atMost: return 2 - value / goal
        }
    }

    /// The plan value on `date`: linear through (start − 1 day, 0), each milestone, and (end, goal).
    public static func expectedValue(_ target: Target, start: LocalDate, end: LocalDate, on date: LocalDate)
        -> Double
    {
        var points: [(day: Int32, value: Double)] = [(start.adding(days: -1).dayNumber, 0)]
        points += target.milestones.map { ($0.date.dayNumber, $0.value) }
        points.append((end.dayNumber, target.goal))
        let day = date.dayNumber
        guard day > points[0].day else { return 0 }
        for (from, to) in zip(points, points.dropFirst()) where day <= to.day {
            let fraction = Double(day - from.day) / Double(to.day - from.day)
            return from.value + (to.value - from.value) * fraction
        }
        return target.goal
    }

    static func projectedValue(
        value: Int, records: RecordCounts, matching filter: RecordFilter, start: LocalDate, end: LocalDate,
        on date: LocalDate
    ) -> Double {
        let elapsedDays = start.days(to: date) + 1
        guard elapsedDays > 0 else { return Double(value) }
        let rate: Double
        if elapsedDays <= rateWindowDays {
            rate = Double(value) / Double(elapsedDays)
        } else {
            let windowStart = max(start, date.adding(days: 1 - rateWindowDays))
            let recent = count(records, matching: filter, from: windowStart, through: min(end, date))
            rate = Double(recent) / Double(rateWindowDays)
        }
        return Double(value) + rate * Double(max(0, date.days(to: end)))
    }

    /// Rows matching `filter` dated in `[from, through]`; 0 for an empty window.
    public static func count(
        _ records: RecordCounts, matching filter: RecordFilter, from: LocalDate, through: LocalDate
    ) -> Int {
        guard from <= through else { return 0 }
        var total = 0
        for (group, count) in records.countsByGroup(from: from, through: through).enumerated()
        where count > 0 && filter.matches(records.groups[group]) {
            total += count
        }
        return total
    }

    /// - Parameter active: the job seekers active on `date` under the target's filter, when the
    ///   caller has them already (a history reads many dates in one pass).
    static func levelValue(
        _ target: Target, data: Datasets, region: String, on date: LocalDate, active: ActiveJobSeekers? = nil
    ) -> Double? {
        let area = target.area ?? region
        switch target.indicator {
        case .labourForceParticipation:
            return LabourMarketCalculator.latestEstimate(data.labourForce, area: area, on: date)?
                .participationRatio
        case .openUnemployment:
            return LabourMarketCalculator.latestEstimate(data.labourForce, area: area, on: date)?
                .openUnemploymentRatio
        case .jobSeekersActive:
            let active =
                active
                ?? ActiveJobSeekers(
                    data.jobSeekers, matching: RecordFilter(target.filters, kind: .jobSeekers), on: date)
            return Double(active.count(in: area, region: region))
        case .unemploymentProxy:
            guard let estimate = LabourMarketCalculator.latestEstimate(data.labourForce, area: area, on: date)
            else { return nil }
            let active =
                active
                ?? ActiveJobSeekers(
                    data.jobSeekers, matching: RecordFilter(target.filters, kind: .jobSeekers), on: date)
            return LabourMarketCalculator.unemploymentProxy(active.count(in: area, region: region), estimate)
        case .entrepreneurs, .trainees:
            return nil
        }
    }
}

/// A target as of one evaluation date. Optional values have no sample when they cannot be known
/// (no data yet, or a division by zero), never NaN.
public struct TargetEvaluation: Hashable, Sendable {
    public var target: Target
    /// Whether the data the value needs is there (`naker_target_data_available`). Without it there is
    /// no value, capaian, pace or projection, and alert rules on the target hold their state.
    public var dataAvailable: Bool
    public var value: Double?
    public var expected: Double?
    /// Capaian (docs/formulas.md): value/goal, or 2 − value/goal for `at_most`.
    public var progress: Double?
    /// value / expected.
    public var pace: Double?
    /// Count indicators only: value + recent daily rate × days left to `end`.
    public var projected: Double?

    public init(
        target: Target, dataAvailable: Bool = true, value: Double? = nil, expected: Double? = nil,
        progress: Double? = nil,
        pace: Double? = nil, projected: Double? = nil
    ) {
        self.target = target
        self.dataAvailable = dataAvailable
        self.value = value
        self.expected = expected
        self.progress = progress
        self.pace = pace
        self.projected = projected
    }
}

/// A target's course through time, for the status page's chart: what was realised, the plan line,
/// where the recent pace leads, and (for counts) where the rows came from. Built from the counts
/// the engine already holds, by evaluating past dates; nothing of old scrapes is kept.
public struct TargetHistory: Hashable, Sendable {
    public struct Point: Hashable, Sendable {
        public var date: LocalDate
        public var value: Double

        public init(date: LocalDate, value: Double) {
            self.date = date
            self.value = value
        }
    }

    public struct AreaCount: Hashable, Sendable {
        /// "" for rows that name no area.
        public var area: String
        public var count: Int

        public init(area: String, count: Int) {
            self.area = area
            self.count = count
        }
    }

    /// Count targets: rows counted from `start` through each month's end, the last point on the
    /// evaluation date. Survey indicators: one point per survey period (on its first day). Job seekers
    /// and the proxy: the value at each month's end. Dates without a value have no point.
    public var realised: [Point] = []
    /// The plan line: for counts the points the expected value runs through (linear or milestones);
    /// for levels the goal, across the chart.
    public var plan: [Point] = []
    /// Counts before their due date: from today's value to the projection at `end`.
    public var projection: [Point] = []
    /// Count targets: rows in the window by area; `job_seekers_active` over all areas: active by
    /// area. Most first.
    public var areas: [AreaCount] = []

    public init(
        realised: [Point] = [], plan: [Point] = [], projection: [Point] = [], areas: [AreaCount] = []
    ) {
        self.realised = realised
        self.plan = plan
        self.projection = projection
        self.areas = areas
    }

    /// Months a level target without `start` looks back over.
    public static let levelMonths = 24

    /// The history of `evaluation` (of `target` on `date`); empty without data.
    public static func build(
        _ evaluation: TargetEvaluation, data: Datasets, region: String, on date: LocalDate
    ) -> TargetHistory {
        let target = evaluation.target
        var history = TargetHistory()
        switch target.indicator.family {
        case .count:
            guard let start = target.start, let end = target.end else { return history }
            history.plan = [Point(date: start.adding(days: -1), value: 0)]
            history.plan += target.milestones.map { Point(date: $0.date, value: $0.value) }
            history.plan.append(Point(date: end, value: target.goal))
            guard evaluation.dataAvailable, start <= date else { return history }
            let records = target.indicator == .trainees ? data.trainees : data.entrepreneurs
            history.countRows(
                records, filter: RecordFilter(target.filters, kind: records.kind), start, end, date)
            if let value = evaluation.value, let projected = evaluation.projected, date < end {
                history.projection = [Point(date: date, value: value), Point(date: end, value: projected)]
            }
        case .level:
            guard evaluation.dataAvailable else { return history }
            // A level is read on the date itself, past its due date too: the history runs to today.
            let from = target.start ?? monthStart(of: date, monthsBack: levelMonths - 1)
            let through = date
            switch target.indicator {
            case .labourForceParticipation, .openUnemployment:
                let area = target.area ?? region
                for estimate in data.labourForce.sorted(by: { $0.period < $1.period })
                where estimate.area == area && estimate.period.firstDay <= through {
                    let ratio =
                        target.indicator == .openUnemployment
                        ? estimate.openUnemploymentRatio : estimate.participationRatio
                    if let ratio {
                        history.realised.append(Point(date: estimate.period.firstDay, value: ratio))
                    }
                }
            default:
                let days = monthEnds(from: from, through: through)
                let series = ActiveJobSeekers.series(
                    data.jobSeekers, matching: RecordFilter(target.filters, kind: .jobSeekers), on: days)
                for (day, active) in zip(days, series) {
                    let value = TargetEvaluator.levelValue(
                        target, data: data, region: region, on: day, active: active)
                    if let value { history.realised.append(Point(date: day, value: value)) }
                }
                // The last day is the date itself: its counts are today's breakdown.
                if target.indicator == .jobSeekersActive, target.area == nil || target.area == region,
                    let active = series.last
                {
                    history.areas = active.areas.filter { $0 != region }.map {
                        AreaCount(area: $0, count: active.count(in: $0, region: region))
                    }
                    history.areas.sort(by: mostFirst)
                }
            }
            let first = history.realised.first?.date ?? through
            let last = max(date, target.end ?? date)
            history.plan = [
                Point(date: min(first, last), value: target.goal), Point(date: last, value: target.goal),
            ]
        }
        return history
    }

    /// One pass over the registry: rows per month of the window, cumulated, and per area.
    private mutating func countRows(
        _ records: RecordCounts, filter: RecordFilter, _ start: LocalDate, _ end: LocalDate, _ date: LocalDate
    ) {
        let through = min(end, date)
        let ends = Self.monthEnds(from: start, through: through)
        let matching = records.groups.map(filter.matches)
        let areaColumn = records.kind.position(of: .area)
        var byMonth = [Int](repeating: 0, count: ends.count)
        var byGroup = [Int](repeating: 0, count: records.groups.count)
        let (startYear, startMonth, _) = start.components
        records.forEachDay { group, day, count in
            guard matching[group], day >= start, day <= through else { return }
            let (year, month, _) = day.components
            byMonth[(year - startYear) * 12 + month - startMonth] += count
            byGroup[group] += count
        }
        realised = [Point(date: start.adding(days: -1), value: 0)]
        var total = 0
        for (index, monthEnd) in ends.enumerated() {
            total += byMonth[index]
            realised.append(Point(date: monthEnd, value: Double(total)))
        }
        guard let areaColumn else { return }
        var byArea: [String: Int] = [:]
        for (group, count) in byGroup.enumerated() where count > 0 {
            byArea[records.groups[group][areaColumn], default: 0] += count
        }
        // Trainee rows may name no kecamatan at all; then there is no breakdown to show.
        guard byArea.keys.contains(where: { !$0.isEmpty }) else { return }
        areas = byArea.map { AreaCount(area: $0.key, count: $0.value) }.sorted(by: Self.mostFirst)
    }

    private static func mostFirst(_ lhs: AreaCount, _ rhs: AreaCount) -> Bool {
        (lhs.count, rhs.area) > (rhs.count, lhs.area)
    }

    /// The last day of each month from `from`'s through `through`'s, the last one `through` itself.
    static func monthEnds(from: LocalDate, through: LocalDate) -> [LocalDate] {
        guard from <= through else { return [] }
        var (year, month, _) = from.components
        var ends: [LocalDate] = []
        while true {
            let next = month == 12 ? (year + 1, 1) : (year, month + 1)
            guard let nextFirst = LocalDate(year: next.0, month: next.1, day: 1) else { break }
            let monthEnd = nextFirst.adding(days: -1)
            if monthEnd >= through {
                ends.append(through)
                break
            }
            ends.append(monthEnd)
            (year, month) = next
        }
        return ends
    }

    /// The first day of the month `monthsBack` months before `date`'s.
    static func monthStart(of date: LocalDate, monthsBack: Int) -> LocalDate {
        let (year, month, _) = date.components
        let index = year * 12 + (month - 1) - monthsBack
        return LocalDate(year: index / 12, month: index % 12 + 1, day: 1) ?? date
    }
}

/// Computes the indicators (docs/formulas.md) and every target from the data, as of a date. Pure.
public enum LabourMarketCalculator {
    /// - Parameter histories: also each target's course to the date (`TargetHistory`), which only
    ///   the status page shows; `once` leaves it out.
    public static func report(
        _ data: Datasets, targets: [Target], region: String, on date: LocalDate, histories: Bool = true
    ) -> LabourMarketReport {
        var report = LabourMarketReport(date: date, region: region)
        for area in Set(data.labourForce.map(\.area)) {
            let survey = latestEstimate(data.labourForce, area: area, on: date)
            if area == region {
                report.regionFigures.survey = survey
            } else if let survey {
                report.areas[area, default: .init()].survey = survey
            }
        }
        if data.hasData(.jobSeekers) {
            let active = ActiveJobSeekers(data.jobSeekers, matching: .all, on: date)
            for area in active.areas where area != region {
                report.areas[area, default: .init()].activeJobSeekers = active.count(in: area, region: region)
            }
            for (area, figures) in report.areas {
                let count = active.count(in: area, region: region)
                report.areas[area]?.activeJobSeekers = count
                report.areas[area]?.unemploymentProxy = figures.survey.flatMap {
                    unemploymentProxy(count, $0)
                }
            }
            report.regionFigures.activeJobSeekers = active.total
            report.regionFigures.unemploymentProxy = report.regionFigures.survey.flatMap {
                unemploymentProxy(active.total, $0)
            }
        }
        let entrepreneurs = data.entrepreneurs.countsByGroup(through: date)
        for (group, count) in entrepreneurs.enumerated() where count > 0 {
            let key = LabourMarketReport.EntrepreneurGroup(
                area: data.entrepreneurs.value(of: .area, inGroup: group),
                programme: data.entrepreneurs.value(of: .programme, inGroup: group))
            report.entrepreneurs[key, default: 0] += count
        }
        data.trainees.forEachDay { group, day, count in
            guard day <= date else { return }
            let key = LabourMarketReport.TraineeGroup(
                institution: data.trainees.value(of: .institution, inGroup: group), year: day.year)
            report.trainees[key, default: 0] += count
        }
        report.targets = targets.map { TargetEvaluator.evaluate($0, data: data, region: region, on: date) }
        for evaluation in report.targets where histories {
            report.histories[evaluation.target.name] = TargetHistory.build(
                evaluation, data: data, region: region, on: date)
        }
        return report
    }

    /// The estimate of the latest period whose first day is on or before `date`.
    public static func latestEstimate(_ estimates: [LabourForceEstimate], area: String, on date: LocalDate)
        -> LabourForceEstimate?
    {
        var latest: LabourForceEstimate?
        for estimate in estimates where estimate.area == area && estimate.period.firstDay <= date {
            if let current = latest, current.period >= estimate.period { continue }
            latest = estimate
        }
        return latest
    }

    /// The unemployment proxy: active job seekers / the survey's labour force; nil without a labour force.
    public static func unemploymentProxy(_ activeJobSeekers: Int, _ survey: LabourForceEstimate) -> Double? {
        guard survey.labourForce > 0 else { return nil }
        return Double(activeJobSeekers) / Double(survey.labourForce)
    }
}

/// Active AK/I registrations on one date, per area and in all, of the registrations a filter keeps:
/// the one count both the labour-market report and the job-seeker targets use.
public struct ActiveJobSeekers: Sendable {
    /// Areas with any registration on or before the date (their count may be 0).
    public private(set) var areas: Set<String> = []
    private var byArea: [String: Int] = [:]
    public private(set) var total = 0

    public init(_ registries: [JobSeekerRegistrations], matching filter: RecordFilter, on date: LocalDate) {
        self = Self.series(registries, matching: filter, on: [date])[0]
    }

    private init() {}

    /// The count on each of `dates` (ascending), each registry read once: the status page's history.
    public static func series(
        _ registries: [JobSeekerRegistrations], matching filter: RecordFilter, on dates: [LocalDate]
    ) -> [ActiveJobSeekers] {
        var series = [ActiveJobSeekers](repeating: ActiveJobSeekers(), count: dates.count)
        for registry in registries {
            let registered = registry.registered
            let everRegistered = registered.countsByGroup(throughEach: dates)
            let active = registry.activeByGroup(onEach: dates)
            let kept = registered.groups.map(filter.matches)
            for slot in dates.indices {
                for (group, count) in active[slot].enumerated()
                where everRegistered[slot][group] > 0 && kept[group] {
                    let area = registered.value(of: .area, inGroup: group)
                    series[slot].areas.insert(area)
                    series[slot].byArea[area, default: 0] += count
                    series[slot].total += count
                }
            }
        }
        return series
    }

    /// Active in `area`; the region (or nil) means every registration.
    public func count(in area: String?, region: String) -> Int {
        guard let area, area != region else { return total }
        return byArea[area] ?? 0
    }
}

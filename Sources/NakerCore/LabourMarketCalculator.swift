/// Computes the indicators (docs/formulas.md) and every target from the data, as of a date. Pure.
public enum LabourMarketCalculator {
    public static func report(_ data: Datasets, targets: [Target], region: String, on date: LocalDate)
        -> LabourMarketReport
    {
        var report = LabourMarketReport(date: date, region: region)
        for estimate in data.labourForce where estimate.period.firstDay <= date {
            let isRegion = estimate.area == region
            let current = isRegion ? report.regionFigures.survey : report.areas[estimate.area]?.survey
            if let current, current.period >= estimate.period { continue }
            if isRegion {
                report.regionFigures.survey = estimate
            } else {
                report.areas[estimate.area, default: .init()].survey = estimate
            }
        }
        if data.hasData(.jobSeekers) {
            let active = activeJobSeekersByArea(data.jobSeekers, on: date)
            for (area, count) in active.byArea where area != region {
                report.areas[area, default: .init()].activeJobSeekers = count
            }
            report.regionFigures.activeJobSeekers = active.total
            for (area, figures) in report.areas {
                let count = figures.activeJobSeekers ?? 0
                report.areas[area]?.activeJobSeekers = count
                report.areas[area]?.unemploymentProxy = figures.survey.flatMap {
                    unemploymentProxy(count, $0)
                }
            }
            report.regionFigures.unemploymentProxy = report.regionFigures.survey.flatMap {
                unemploymentProxy(active.total, $0)
            }
        }
        let entrepreneurs = data.entrepreneurs.countsByGroup(through: date)
        for (group, count) in entrepreneurs.enumerated() where count > 0 {
            let attributes = data.entrepreneurs.groups[group]
            let key = LabourMarketReport.EntrepreneurGroup(area: attributes[0], programme: attributes[1])
            report.entrepreneurs[key, default: 0] += count
        }
        data.trainees.forEachDay { group, day, count in
            guard day <= date else { return }
            let key = LabourMarketReport.TraineeGroup(
                institution: data.trainees.groups[group][0], year: day.year)
            report.trainees[key, default: 0] += count
        }
        report.targets = targets.map { TargetEvaluator.evaluate($0, data: data, region: region, on: date) }
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

    /// Active registrations in `area`; the region (or nil) means every registration.
    public static func activeJobSeekers(
        _ registries: [JobSeekerRegistrations], area: String?, region: String, matching filter: RecordFilter,
        on date: LocalDate
    ) -> Int {
        let everywhere = area == nil || area == region
        var total = 0
        for registry in registries {
            let groups = registry.registered.groups
            for (group, active) in registry.activeByGroup(on: date).enumerated()
            where (everywhere || groups[group][0] == area) && filter.matches(groups[group]) {
                total += active
            }
        }
        return total
    }

    /// The unemployment proxy: active job seekers / the survey's labour force; nil without a labour force.
    public static func unemploymentProxy(_ activeJobSeekers: Int, _ survey: LabourForceEstimate) -> Double? {
        guard survey.labourForce > 0 else { return nil }
        return Double(activeJobSeekers) / Double(survey.labourForce)
    }

    /// Per area with any registration (0 when none is active), and every registration's total.
    static func activeJobSeekersByArea(_ registries: [JobSeekerRegistrations], on date: LocalDate)
        -> (byArea: [String: Int], total: Int)
    {
        var byArea: [String: Int] = [:]
        var total = 0
        for registry in registries {
            let registered = registry.registered.countsByGroup(through: date)
            for (group, active) in registry.activeByGroup(on: date).enumerated() where registered[group] > 0 {
                byArea[registry.registered.groups[group][0], default: 0] += active
                total += active
            }
        }
        return (byArea, total)
    }
}

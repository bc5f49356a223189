/// Computes the SPEC 2 indicators and every target from the data, as of a date. Pure.
public enum LabourMarketCalculator {
    public static func report(_ data: Datasets, targets: [Target], region: String, on date: LocalDate)
        -> LabourMarketReport
    {
        var report = LabourMarketReport(date: date, region: region)
        for estimate in data.labourForce where estimate.period.firstDay <= date {
            if let current = report.latestSurvey[estimate.area], current.period >= estimate.period {
                continue
            }
            report.latestSurvey[estimate.area] = estimate
        }
        report.activeJobSeekers = activeJobSeekersByArea(data.jobSeekers, region: region, on: date)
        for (area, estimate) in report.latestSurvey where estimate.labourForce > 0 {
            let active = report.activeJobSeekers[area] ?? 0
            report.unemploymentProxy[area] = Double(active) / Double(estimate.labourForce)
        }
        for (key, count) in data.entrepreneurs.counts where key.date <= date {
            let group = LabourMarketReport.EntrepreneurGroup(
                area: key.attributes[0], programme: key.attributes[1])
            report.entrepreneurs[group, default: 0] += count
        }
        for (key, count) in data.trainees.counts where key.date <= date {
            let group = LabourMarketReport.TraineeGroup(institution: key.attributes[0], year: key.date.year)
            report.trainees[group, default: 0] += count
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
            for (key, count) in registry.records.counts
            where (everywhere || key.attributes[0] == area) && filter.matches(key)
                && JobSeekerRegistrations.isActive(key, on: date, validityDays: registry.validityDays)
            {
                total += count
            }
        }
        return total
    }

    /// Per area with any registration (0 when none is active), plus the region's total.
    static func activeJobSeekersByArea(
        _ registries: [JobSeekerRegistrations], region: String, on date: LocalDate
    )
        -> [String: Int]
    {
        var byArea: [String: Int] = [:]
        var total = 0
        for registry in registries {
            for (key, count) in registry.records.counts where key.date <= date {
                let active = JobSeekerRegistrations.isActive(
                    key, on: date, validityDays: registry.validityDays)
                byArea[key.attributes[0], default: 0] += active ? count : 0
                total += active ? count : 0
            }
        }
        if !registries.isEmpty { byArea[region] = total }
        return byArea
    }
}

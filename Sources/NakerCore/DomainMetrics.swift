import Foundation

/// Maps a report onto the metric families of docs/metrics.md (names and labels are a contract).
public enum DomainMetrics {
    public static func families(_ report: LabourMarketReport, sources: [SourceStatus], timeZone: TimeZone)
        -> [MetricFamily]
    {
        reportFamilies(report, timeZone: timeZone) + sourceFamilies(sources)
    }

    /// Everything that follows from the data, the date and the config alone.
    public static func reportFamilies(_ report: LabourMarketReport, timeZone: TimeZone) -> [MetricFamily] {
        surveyFamilies(report, timeZone: timeZone) + registryFamilies(report)
            + targetFamilies(report.targets, timeZone: timeZone)
    }

    static func gauge(_ name: String, _ help: String, _ samples: [MetricSample]) -> MetricFamily {
        MetricFamily(name: name, help: help, type: .gauge, samples: samples)
    }

    static func surveyFamilies(_ report: LabourMarketReport, timeZone: TimeZone) -> [MetricFamily] {
        let areas = report.areas.sorted { $0.key < $1.key }.map {
            (label: MetricLabel("area", $0.key), figures: $0.value)
        }
        let region = [(label: MetricLabel("region", report.region), figures: report.regionFigures)]
        // The region's own figures go to naker_region_*, so a sum over a per-area family counts nothing twice.
        return areaFamilies("naker_", " Areas other than the region.", areas, timeZone: timeZone)
            + areaFamilies("naker_region_", " Whole region.", region, timeZone: timeZone)
    }

    private static func areaFamilies(
        _ prefix: String, _ scope: String,
        _ rows: [(label: MetricLabel, figures: LabourMarketReport.AreaFigures)],
        timeZone: TimeZone
    ) -> [MetricFamily] {
        func family(_ name: String, _ help: String, _ value: (LabourMarketReport.AreaFigures) -> Double?)
            -> MetricFamily
        {
            gauge(
                prefix + name, help + scope,
                rows.compactMap { row in
                    value(row.figures).map { MetricSample(labels: [row.label], value: $0) }
                })
        }
        return [
            family(
                "working_age_population", "Working-age population (15+), latest survey period.",
                { $0.survey.map { Double($0.workingAgePopulation) } }),
            family(
                "labour_force", "Labour force (angkatan kerja), latest survey period.",
                { $0.survey.map { Double($0.labourForce) } }),
            family(
                "unemployed", "Unemployed persons, latest survey period.",
                { $0.survey.map { Double($0.unemployed) } }),
            family(
                "labour_force_participation_ratio", "Labour-force participation rate (TPAK), 0-1.",
                { $0.survey?.participationRatio }),
            family(
                "open_unemployment_ratio", "Open unemployment rate (TPT), 0-1.",
                { $0.survey?.openUnemploymentRatio }),
            family(
                "labour_force_survey_timestamp_seconds", "Start of the latest survey period, Unix time.",
                { $0.survey?.period.firstDay.midnightUnixTime(in: timeZone) }),
            family(
                "job_seekers_active", "Active AK/I job-seeker registrations as of the evaluation date.",
                { $0.activeJobSeekers.map(Double.init) }),
            family(
                "unemployment_proxy_ratio",
                "Active job seekers / labour force of the latest survey period, 0-1.",
                { $0.unemploymentProxy }),
        ]
    }

    static func registryFamilies(_ report: LabourMarketReport) -> [MetricFamily] {
        [
            gauge(
                "naker_entrepreneurs", "New entrepreneurs (WUB) registered up to the evaluation date.",
                report.entrepreneurs.sorted { $0.key < $1.key }.map {
                    MetricSample(
                        labels: [
                            MetricLabel("area", $0.key.area), MetricLabel("programme", $0.key.programme),
                        ],
                        value: Double($0.value))
                }),
            gauge(
                "naker_trainees", "Training enrolments per institution and calendar year of start.",
                report.trainees.sorted { $0.key < $1.key }.map {
                    MetricSample(
                        labels: [
                            MetricLabel("institution", $0.key.institution),
                            MetricLabel("year", String($0.key.year)),
                        ],
                        value: Double($0.value))
                }),
        ]
    }

    static func targetFamilies(_ evaluations: [TargetEvaluation], timeZone: TimeZone) -> [MetricFamily] {
        func perTarget(_ value: (TargetEvaluation) -> Double?) -> [MetricSample] {
            evaluations.compactMap { evaluation in
                value(evaluation).map {
                    MetricSample(labels: [MetricLabel("target", evaluation.target.name)], value: $0)
                }
            }
        }
        return [
            gauge("naker_target_goal", "The value that meets the target.", perTarget { $0.target.goal }),
            gauge("naker_target_value", "Realised value as of the evaluation date.", perTarget(\.value)),
            gauge("naker_target_expected_value", "Plan value at the evaluation date.", perTarget(\.expected)),
            gauge(
                "naker_target_progress_ratio", "Capaian: achievement of the target, 1 = met.",
                perTarget(\.progress)),
            gauge("naker_target_pace_ratio", "Realised value / plan value.", perTarget(\.pace)),
            gauge("naker_target_projected_value", "Projected value at the due date.", perTarget(\.projected)),
            gauge(
                "naker_target_end_timestamp_seconds",
                "Due date: the moment the target's window closes, Unix time.",
                perTarget { $0.target.end?.adding(days: 1).midnightUnixTime(in: timeZone) }),
            gauge(
                "naker_target_data_available", "1 when the data the target's value needs is there, else 0.",
                perTarget { $0.dataAvailable ? 1 : 0 }),
            gauge(
                "naker_target_info", "Target metadata; always 1.",
                evaluations.map {
                    MetricSample(
                        labels: [
                            MetricLabel("target", $0.target.name),
                            MetricLabel("indicator", $0.target.indicator.rawValue),
                            MetricLabel("direction", $0.target.direction.rawValue),
                        ], value: 1)
                }),
        ]
    }

    /// `naker_source_*`: they change with every load (last success time), so the daemon renders
    /// them apart from the report.
    public static func sourceFamilies(_ sources: [SourceStatus]) -> [MetricFamily] {
        func perSource(_ value: (SourceStatus) -> Double?) -> [MetricSample] {
            sources.compactMap { source in
                value(source).map { MetricSample(labels: [MetricLabel("source", source.name)], value: $0) }
            }
        }
        var families = [
            gauge(
                "naker_source_up", "1 if the last load of the source succeeded.", perSource { $0.up ? 1 : 0 }),
            gauge(
                "naker_source_rows", "Rows accepted in the last successful load.",
                perSource { $0.rows.map(Double.init) }),
            gauge(
                "naker_source_rejected_rows", "Rows rejected in the last successful load.",
                perSource { $0.rejectedRows.map(Double.init) }),
        ]
        if sources.contains(where: { $0.lastSuccess != nil }) {
            families.append(
                gauge(
                    "naker_source_last_success_timestamp_seconds", "Unix time of the last successful load.",
                    perSource(\.lastSuccess)))
        }
        return families
    }
}

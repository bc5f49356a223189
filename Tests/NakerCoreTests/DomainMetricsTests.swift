import Foundation
import Testing

@testable import NakerCore

/// The survey, job-seeker and target families as rendered, compared as exact text.
struct DomainMetricsTests {
    typealias D = TestData
    static let wita = TimeZone(identifier: "Asia/Makassar")!

    static func render(_ data: Datasets, targets: [Target] = []) -> String {
        let report = LabourMarketCalculator.report(
            data, targets: targets, region: "Tabalong", on: D.date("2022-12-31"))
        return ExpositionRenderer.render(DomainMetrics.surveyFamilies(report, timeZone: wita), format: .text)
    }

    static let survey: SourceData = .labourForce([
        D.estimate("2022-08", "Tabalong", 300, 200, 10), D.estimate("2022-08", "Kelua", 100, 80, 4),
        D.estimate("2022-08", "Tanta", 200, 120, 6),
    ])
    static let seekers: SourceData = .jobSeekers(
        D.jobSeekers([
            (registered: "2022-01-03", placed: nil, area: "Kelua"),
            (registered: "2022-02-01", placed: nil, area: "Tanta"),
            (registered: "2022-03-01", placed: nil, area: "Tanta"),
            (registered: "2022-03-01", placed: "2022-06-01", area: "Tanta"),
        ]))

    static func families(prefix: String, label: String, _ rows: [(String, [String])]) -> String {
        let help: [(String, String)] = [
            ("job_seekers_active", "Active AK/I job-seeker registrations as of the evaluation date."),
            ("labour_force", "Labour force (angkatan kerja), latest survey period."),
            ("labour_force_participation_ratio", "Labour-force participation rate (TPAK), 0-1."),
            ("labour_force_survey_timestamp_seconds", "Start of the latest survey period, Unix time."),
            ("open_unemployment_ratio", "Open unemployment rate (TPT), 0-1."),
            ("unemployed", "Unemployed persons, latest survey period."),
            (
                "unemployment_proxy_ratio",
                "Active job seekers / labour force of the latest survey period, 0-1."
            ),
            ("working_age_population", "Working-age population (15+), latest survey period."),
        ]
        let scope = prefix == "naker_" ? " Areas other than the region." : " Whole region."
        return help.enumerated().map { index, family in
            let samples = rows.compactMap { area, values -> String? in
                values[index].isEmpty ? nil : "\(prefix)\(family.0){\(label)=\"\(area)\"} \(values[index])\n"
            }
            return "# HELP \(prefix)\(family.0) \(family.1)\(scope)\n# TYPE \(prefix)\(family.0) gauge\n"
                + samples.joined()
        }.joined()
    }

    @Test func theRegionHasFamiliesOfItsOwnSoSumsCountNothingTwice() {
        let text = Self.render(Datasets([Self.survey, Self.seekers]))
        // Columns in the order of `families`: active, labour force, TPAK, survey start, TPT, unemployed, proxy, WAP.
        let expected =
            Self.families(
                prefix: "naker_", label: "area",
                [
                    ("Kelua", ["1", "80", "0.8", "1659283200", "0.05", "4", "0.0125", "100"]),
                    ("Tanta", ["2", "120", "0.6", "1659283200", "0.05", "6", "0.016666666666666666", "200"]),
                ])
            + Self.families(
                prefix: "naker_region_", label: "region",
                [
                    (
                        "Tabalong",
                        ["3", "200", "0.6666666666666666", "1659283200", "0.05", "10", "0.015", "300"]
                    )
                ])
        #expect(text == Self.sorted(expected), "\(text)")
    }

    @Test func withoutJobSeekerDataThereIsNoActiveCountAndNoProxy() {
        let text = Self.render(Datasets([Self.survey]))
        let expected =
            Self.families(
                prefix: "naker_", label: "area",
                [
                    ("Kelua", ["", "80", "0.8", "1659283200", "0.05", "4", "", "100"]),
                    ("Tanta", ["", "120", "0.6", "1659283200", "0.05", "6", "", "200"]),
                ])
            + Self.families(
                prefix: "naker_region_", label: "region",
                [("Tabalong", ["", "200", "0.6666666666666666", "1659283200", "0.05", "10", "", "300"])])
        #expect(text == Self.sorted(expected), "\(text)")
        #expect(!text.contains("naker_job_seekers_active{"))
    }

    /// The renderer orders families by name; so does the expectation.
    static func sorted(_ text: String) -> String {
        text.components(separatedBy: "# HELP ").dropFirst().map { "# HELP " + $0 }.sorted().joined()
    }

    @Test func aTargetWithoutDataHasGoalAndPlanButNoValue() {
        let target = Target(name: "aktif", indicator: .jobSeekersActive, goal: 2_000, direction: .atMost)
        let report = LabourMarketCalculator.report(
            Datasets([Self.survey]), targets: [target], region: "Tabalong", on: D.date("2022-12-31"))
        let text = ExpositionRenderer.render(
            DomainMetrics.targetFamilies(report.targets, timeZone: Self.wita), format: .text)
        #expect(
            text == """
                # HELP naker_target_data_available 1 when the data the target's value needs is there, else 0.
                # TYPE naker_target_data_available gauge
                naker_target_data_available{target="aktif"} 0
                # HELP naker_target_end_timestamp_seconds Due date: the moment the target's window closes, Unix time.
                # TYPE naker_target_end_timestamp_seconds gauge
                # HELP naker_target_expected_value Plan value at the evaluation date.
                # TYPE naker_target_expected_value gauge
                naker_target_expected_value{target="aktif"} 2000
                # HELP naker_target_goal The value that meets the target.
                # TYPE naker_target_goal gauge
                naker_target_goal{target="aktif"} 2000
                # HELP naker_target_info Target metadata; always 1.
                # TYPE naker_target_info gauge
                naker_target_info{target="aktif",indicator="job_seekers_active",direction="at_most"} 1
                # HELP naker_target_pace_ratio Realised value / plan value.
                # TYPE naker_target_pace_ratio gauge
                # HELP naker_target_progress_ratio Capaian: achievement of the target, 1 = met.
                # TYPE naker_target_progress_ratio gauge
                # HELP naker_target_projected_value Projected value at the due date.
                # TYPE naker_target_projected_value gauge
                # HELP naker_target_value Realised value as of the evaluation date.
                # TYPE naker_target_value gauge

                """, "\(text)")
    }
}

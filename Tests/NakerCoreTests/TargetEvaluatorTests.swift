import Testing

@testable import NakerCore

struct TargetEvaluatorTests {
    typealias D = TestData

    let wub = Target(
        name: "wub", indicator: .entrepreneurs, filters: ["programme": "bengkel-sahabat"], goal: 10_000,
        start: D.date("2019-01-01"), end: D.date("2024-12-31"))

    /// Within a relative 1e-12 of a value worked out by hand (not by the code's own expression).
    func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) <= 1e-12 * max(1, abs(expected))
    }

    func evaluate(_ target: Target, _ data: Datasets, on day: String) -> TargetEvaluation {
        TargetEvaluator.evaluate(target, data: data, region: "Tabalong", on: D.date(day))
    }

    @Test func linearPlanCountsBothEndsOfTheWindow() {
        // 2019-01-01..2024-12-31 is 2,192 days.
        let start = D.date("2019-01-01")
        let end = D.date("2024-12-31")
        #expect(TargetEvaluator.expectedValue(wub, start: start, end: end, on: D.date("2018-12-31")) == 0)
        // One day of 2,192: 4.5620437956...
        #expect(
            close(TargetEvaluator.expectedValue(wub, start: start, end: end, on: start), 4.562_043_795_620_4))
        #expect(
            close(TargetEvaluator.expectedValue(wub, start: start, end: end, on: D.date("2021-12-31")), 5_000)
        )
        #expect(TargetEvaluator.expectedValue(wub, start: start, end: end, on: end) == 10_000)
        #expect(
            TargetEvaluator.expectedValue(wub, start: start, end: end, on: D.date("2026-01-01")) == 10_000)
    }

    @Test func milestonesAreHitExactlyOnTheirDate() {
        var target = wub
        target.milestones = [
            Target.Milestone(date: D.date("2020-12-31"), value: 2000),
            Target.Milestone(date: D.date("2022-12-31"), value: 6000),
        ]
        let start = D.date("2019-01-01")
        let end = D.date("2024-12-31")
        #expect(
            TargetEvaluator.expectedValue(target, start: start, end: end, on: D.date("2020-12-31")) == 2000)
        #expect(
            TargetEvaluator.expectedValue(target, start: start, end: end, on: D.date("2022-12-31")) == 6000)
        // 2021-01-01 is day 1 of 730 between the milestones.
        let dayOne: Double = 2000 + 4000.0 / 730
        #expect(
            TargetEvaluator.expectedValue(target, start: start, end: end, on: D.date("2021-01-01")) == dayOne)
        // Between the last milestone and end: 2023-12-31 is day 365 of 731.
        let lastLeg: Double = 6000 + 4000.0 * 365 / 731
        #expect(
            TargetEvaluator.expectedValue(target, start: start, end: end, on: D.date("2023-12-31")) == lastLeg
        )
        #expect(
            TargetEvaluator.expectedValue(target, start: start, end: end, on: D.date("2025-06-01")) == 10_000)
    }

    @Test func countValueUsesTheWindowAndTheFilter() {
        let data = Datasets([
            .entrepreneurs(
                D.entrepreneurs([
                    ("2018-12-31", "Kelua", "bengkel-sahabat"),  // before start
                    ("2019-01-01", "Kelua", "bengkel-sahabat"),  // first day
                    ("2022-06-01", "Tanjung", "bengkel-sahabat"),
                    ("2022-06-01", "Tanjung", "kur-mikro"),  // other programme
                    ("2022-06-02", "Tanjung", "bengkel-sahabat"),  // after D below
                    ("2025-01-01", "Tanjung", "bengkel-sahabat"),  // after end
                ]))
        ])
        #expect(evaluate(wub, data, on: "2022-06-01").value == 2)
        #expect(evaluate(wub, data, on: "2030-01-01").value == 3)
        var kelua = wub
        kelua.filters["area"] = "Kelua"
        #expect(evaluate(kelua, data, on: "2030-01-01").value == 1)
    }

    @Test func emptyWindowBeforeStartHasNoPace() {
        let data = Datasets([.entrepreneurs(D.entrepreneurs([("2018-06-01", "Kelua", "bengkel-sahabat")]))])
        let evaluation = evaluate(wub, data, on: "2018-12-31")
        #expect(evaluation.value == 0)
        #expect(evaluation.expected == 0)
        #expect(evaluation.pace == nil, "expected value 0 gives no pace sample")
        #expect(evaluation.progress == 0)
        #expect(evaluation.projected == 0)
    }

    @Test func publishedWubFigureGivesCapaianTwoPointOneEightOneSix() {
        var rows: [(String, String, String)] = []
        var day = D.date("2022-01-04")
        // 21,816 registrations spread over 2022-01-04..2022-12-31 (362 days): 60 a day, 156 on the first day.
        while day <= D.date("2022-12-31") {
            let count = day == D.date("2022-01-04") ? 156 : 60
            rows += Array(repeating: (day.description, "Tanjung", "bengkel-sahabat"), count: count)
            day = day.adding(days: 1)
        }
        let data = Datasets([.entrepreneurs(D.entrepreneurs(rows))])
        let evaluation = evaluate(wub, data, on: "2022-12-31")
        #expect(evaluation.value == 21_816)
        #expect(evaluation.progress == 2.1816)
        // 1,461 of 2,192 days elapsed: 6,665.1459854...; the pace 21,816 / that = 3.2731466119...
        #expect(close(evaluation.expected, 6_665.145_985_401_46))
        #expect(close(evaluation.pace, 3.273_146_611_909_65))
        // Rate over the last 90 days is 60/day; 731 days remain to 2024-12-31.
        let projected: Double = 21_816 + 60.0 * 731
        #expect(evaluation.projected == projected)
    }

    @Test func earlyProjectionUsesTheRateSinceStart() {
        let target = Target(
            name: "t", indicator: .trainees, goal: 100, start: D.date("2024-01-01"), end: D.date("2024-12-31")
        )
        var trainees = RecordCounts(kind: .trainees)
        trainees.add(
            RecordCounts.Key(date: D.date("2024-01-05"), attributes: ["BLK Tanjung", "las", "", ""]),
            count: 10)
        let evaluation = evaluate(target, Datasets([.trainees(trainees)]), on: "2024-01-10")
        // 10 rows in 10 days = 1/day; 356 days remain.
        #expect(evaluation.projected == 366, "\(String(describing: evaluation.projected))")
        // Day 90 is still "early"; on day 91 the 90-day window applies and is the same here.
        let later = evaluate(target, Datasets([.trainees(trainees)]), on: "2024-04-01")
        let laterProjection: Double = 10 + 10.0 / 90 * 274
        #expect(later.projected == laterProjection)
    }

    @Test func atMostCapaianRewardsALowerValue() {
        #expect(TargetEvaluator.capaian(value: 0.0344, goal: 0.04, direction: .atMost) == 2 - 0.0344 / 0.04)
        #expect(TargetEvaluator.capaian(value: 0.04, goal: 0.04, direction: .atMost) == 1)
        #expect(TargetEvaluator.capaian(value: 0.05, goal: 0.04, direction: .atMost) == 2 - 0.05 / 0.04)
        #expect(TargetEvaluator.capaian(value: 5, goal: 0, direction: .atLeast) == nil)
    }

    @Test func surveyTargetReadsTheLatestPeriodStartedByD() {
        let data = Datasets([
            .labourForce([
                D.estimate("2023-08", "Tabalong", 200_000, 142_360, 5125),
                D.estimate("2024-08", "Tabalong", 205_000, 145_224, 4996),
            ])
        ])
        let tpt = Target(
            name: "tpt", indicator: .openUnemployment, area: "Tabalong", goal: 0.04, direction: .atMost)
        let july = evaluate(tpt, data, on: "2024-07-31")
        // 5,125 unemployed of 142,360 in the labour force: 3.6000281 %.
        #expect(close(july.value, 0.036_000_280_977_8))
        let august = evaluate(tpt, data, on: "2024-08-01")
        #expect(close(august.value, 0.034_402_027_213_13))
        #expect(august.expected == 0.04)
        #expect(august.progress == 2 - (4996.0 / 145_224) / 0.04)
        #expect(august.projected == nil)
        #expect(evaluate(tpt, data, on: "2023-07-31").value == nil, "no period started yet")
    }

    @Test func noLabourForceDataGivesNoRatioRatherThanNaN() {
        let zero = Datasets([.labourForce([D.estimate("2024-08", "Tabalong", 0, 0, 0)])])
        for indicator in [Indicator.labourForceParticipation, .openUnemployment, .unemploymentProxy] {
            let target = Target(name: "r", indicator: indicator, area: "Tabalong", goal: 0.5)
            let evaluation = evaluate(target, zero, on: "2024-12-31")
            #expect(evaluation.value == nil)
            #expect(evaluation.progress == nil)
            #expect(evaluation.pace == nil)
            #expect(evaluate(target, Datasets(), on: "2024-12-31").value == nil)
        }
    }

    @Test func jobSeekerTargetsCountActiveRegistrations() {
        let data = Datasets([
            .labourForce([
                D.estimate("2024-08", "Tabalong", 200_000, 100_000, 5000),
                D.estimate("2024-08", "Kelua", 20_000, 10_000, 500),
            ]),
            .jobSeekers(
                D.jobSeekers([
                    ("2024-01-01", nil, "Kelua"), ("2024-02-01", "2024-03-01", "Kelua"),
                    ("2024-05-01", nil, "Tanjung"),
                    ("2021-01-01", nil, "Tanjung"),  // expired
                ])),
        ])
        let all = Target(name: "a", indicator: .jobSeekersActive, goal: 100)
        #expect(evaluate(all, data, on: "2024-12-31").value == 2)
        let kelua = Target(name: "k", indicator: .jobSeekersActive, area: "Kelua", goal: 100)
        #expect(evaluate(kelua, data, on: "2024-12-31").value == 1)
        let proxy = Target(
            name: "p", indicator: .unemploymentProxy, area: "Tabalong", goal: 0.05, direction: .atMost)
        #expect(close(evaluate(proxy, data, on: "2024-12-31").value, 0.000_02))
        let keluaProxy = Target(name: "kp", indicator: .unemploymentProxy, area: "Kelua", goal: 0.05)
        #expect(close(evaluate(keluaProxy, data, on: "2024-12-31").value, 0.000_1))
    }

    @Test func withoutItsDataATargetHasAPlanButNoValue() {
        let survey = Datasets([.labourForce([D.estimate("2024-08", "Tabalong", 200_000, 100_000, 5000)])])
        let count = evaluate(wub, survey, on: "2022-12-31")
        #expect(!count.dataAvailable)
        #expect(count.value == nil && count.progress == nil && count.pace == nil && count.projected == nil)
        #expect(count.expected != nil, "the plan does not need the data")
        // A loaded source with no matching rows is a real zero.
        let empty = evaluate(
            wub, Datasets([.entrepreneurs(RecordCounts(kind: .entrepreneurs))]), on: "2022-12-31")
        #expect(empty.dataAvailable && empty.value == 0 && empty.progress == 0)

        let active = Target(name: "a", indicator: .jobSeekersActive, goal: 2_000, direction: .atMost)
        let noSeekers = evaluate(active, survey, on: "2024-12-31")
        #expect(!noSeekers.dataAvailable && noSeekers.value == nil && noSeekers.progress == nil)
        let proxy = Target(name: "p", indicator: .unemploymentProxy, area: "Tabalong", goal: 0.0125)
        #expect(!evaluate(proxy, survey, on: "2024-12-31").dataAvailable, "the proxy also needs job seekers")
        let withSeekers = Datasets([
            .labourForce([D.estimate("2024-08", "Tabalong", 200_000, 100_000, 5000)]),
            .jobSeekers(D.jobSeekers([])),
        ])
        #expect(evaluate(proxy, withSeekers, on: "2024-12-31").value == 0)
        #expect(!evaluate(proxy, withSeekers, on: "2024-07-31").dataAvailable, "no survey period yet")
    }
}

import Testing

@testable import NakerCore

struct TargetHistoryTests {
    typealias D = TestData
    typealias Point = TargetHistory.Point

    func history(_ target: Target, _ data: Datasets, on day: String) -> TargetHistory {
        let evaluation = TargetEvaluator.evaluate(target, data: data, region: "Tabalong", on: D.date(day))
        return TargetHistory.build(evaluation, data: data, region: "Tabalong", on: D.date(day))
    }

    var entrepreneurs: Datasets {
        var data = Datasets()
        data.add(
            .entrepreneurs(
                D.entrepreneurs([
                    ("2024-12-31", "Tanjung", "bsa"),  // before the window
                    ("2025-01-01", "Tanjung", "bsa"), ("2025-01-31", "Kelua", "bsa"),
                    ("2025-02-14", "Tanjung", "bsa"), ("2025-02-14", "Tanjung", "other"),
                    ("2025-04-02", "Murung Pudak", "bsa"), ("2025-04-03", "Tanjung", "bsa"),
                    ("2025-04-20", "Kelua", "bsa"),  // after the evaluation date
                ])))
        return data
    }

    let wub = Target(
        name: "wub", indicator: .entrepreneurs, filters: ["programme": "bsa"], goal: 120,
        start: D.date("2025-01-01"), end: D.date("2025-12-31"),
        milestones: [Target.Milestone(date: D.date("2025-06-30"), value: 50)])

    @Test func aCountCumulatesItsRowsToEachMonthEndAndToday() {
        let history = history(wub, entrepreneurs, on: "2025-04-10")
        #expect(
            history.realised == [
                Point(date: D.date("2024-12-31"), value: 0), Point(date: D.date("2025-01-31"), value: 2),
                Point(date: D.date("2025-02-28"), value: 3), Point(date: D.date("2025-03-31"), value: 3),
                Point(date: D.date("2025-04-10"), value: 5),
            ])
        #expect(
            history.plan == [
                Point(date: D.date("2024-12-31"), value: 0), Point(date: D.date("2025-06-30"), value: 50),
                Point(date: D.date("2025-12-31"), value: 120),
            ])
        // 2025-01-01..04-10 is 100 days, past the 90-day window: the rate is the rows of
        // 2025-01-11..04-10 (4) over 90 days, for the 265 days left.
        #expect(history.projection.count == 2)
        #expect(history.projection.first == Point(date: D.date("2025-04-10"), value: 5))
        #expect(history.projection.last?.date == D.date("2025-12-31"))
        let projected: Double = 5 + 4.0 / 90 * 265
        #expect(abs((history.projection.last?.value ?? 0) - projected) < 1e-9)
        #expect(
            history.areas == [
                .init(area: "Tanjung", count: 3), .init(area: "Kelua", count: 1),
                .init(area: "Murung Pudak", count: 1),
            ])
    }

    @Test func aFinishedCountStopsAtItsDueDateAndProjectsNothing() {
        var target = wub
        target.end = D.date("2025-02-28")
        target.milestones = []
        let history = history(target, entrepreneurs, on: "2025-06-01")
        #expect(history.realised.map(\.value) == [0, 2, 3])
        #expect(history.realised.last?.date == D.date("2025-02-28"))
        #expect(history.projection.isEmpty)
    }

    @Test func noDataMeansNoRealisedLineButStillThePlan() {
        let history = history(wub, Datasets(), on: "2025-04-10")
        #expect(history.realised.isEmpty)
        #expect(history.areas.isEmpty)
        #expect(history.plan.count == 3)
    }

    @Test func aSurveyIndicatorHasOnePointPerPeriodOfItsArea() {
        var data = Datasets()
        data.add(
            .labourForce([
                D.estimate("2024-08", "Tabalong", 1000, 700, 35),
                D.estimate("2023-08", "Tabalong", 1000, 680, 40),
                D.estimate("2024-08", "Kelua", 100, 70, 7), D.estimate("2026-08", "Tabalong", 1000, 720, 30),
            ]))
        let tpt = Target(
            name: "tpt", indicator: .openUnemployment, area: "Tabalong", goal: 0.04, direction: .atMost,
            end: D.date("2024-12-31"))
        let history = history(tpt, data, on: "2025-06-30")
        #expect(
            history.realised == [
                Point(date: D.date("2023-08-01"), value: 40.0 / 680),
                Point(date: D.date("2024-08-01"), value: 35.0 / 700),
            ])
        // The goal across the chart, from the first period to today (past the due date).
        #expect(
            history.plan == [
                Point(date: D.date("2023-08-01"), value: 0.04),
                Point(date: D.date("2025-06-30"), value: 0.04),
            ])
        #expect(history.projection.isEmpty)
    }

    @Test func activeJobSeekersAreReadAtEachMonthEndAndByKecamatan() {
        var data = Datasets()
        data.add(
            .jobSeekers(
                D.jobSeekers([
                    ("2025-01-10", nil, "Tanjung"), ("2025-02-10", "2025-03-05", "Kelua"),
                    ("2025-03-20", nil, "Kelua"), ("2025-03-21", nil, "Tanjung"),
                ])))
        let target = Target(
            name: "aktif", indicator: .jobSeekersActive, goal: 2, direction: .atMost,
            start: D.date("2025-01-01"), end: D.date("2025-12-31"))
        let history = history(target, data, on: "2025-04-15")
        #expect(
            history.realised.map(\.date)
                == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-15"].map(D.date))
        #expect(history.realised.map(\.value) == [1, 2, 3, 3])
        #expect(history.areas == [.init(area: "Tanjung", count: 2), .init(area: "Kelua", count: 1)])
    }

    @Test func monthEndsStopAtTheLastDay() {
        #expect(
            TargetHistory.monthEnds(from: D.date("2024-01-15"), through: D.date("2024-03-01"))
                == [D.date("2024-01-31"), D.date("2024-02-29"), D.date("2024-03-01")])
        #expect(
            TargetHistory.monthEnds(from: D.date("2024-12-01"), through: D.date("2024-12-31")) == [
                D.date("2024-12-31")
            ])
        #expect(TargetHistory.monthEnds(from: D.date("2025-01-01"), through: D.date("2024-12-31")).isEmpty)
        #expect(TargetHistory.monthStart(of: D.date("2026-03-17"), monthsBack: 23) == D.date("2024-04-01"))
    }
}

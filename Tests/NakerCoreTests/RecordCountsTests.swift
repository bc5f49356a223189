import Testing

@testable import NakerCore

struct RecordCountsTests {
    let d = { (text: String) in LocalDate(iso: text)! }

    func entrepreneurs(_ rows: [(String, String)]) -> RecordCounts {
        var counts = RecordCounts(kind: .entrepreneurs)
        for (day, area) in rows {
            counts.add(RecordCounts.Key(date: d(day), attributes: [area, "", "", ""]))
        }
        return counts
    }

    @Test func countsRowsPerGroupAndDay() {
        let counts = entrepreneurs([
            ("2024-01-01", "Tanta"), ("2024-01-01", "Tanta"), ("2024-03-05", "Tanta"),
            ("2024-01-01", "Kelua"),
        ])
        #expect(counts.total == 4)
        #expect(counts.groups == [["Tanta", "", "", ""], ["Kelua", "", "", ""]])
        #expect(
            counts.counts == [
                .init(date: d("2024-01-01"), attributes: ["Tanta", "", "", ""]): 2,
                .init(date: d("2024-03-05"), attributes: ["Tanta", "", "", ""]): 1,
                .init(date: d("2024-01-01"), attributes: ["Kelua", "", "", ""]): 1,
            ])
    }

    @Test func windowsIncludeBothEndsAcrossBlocks() {
        // Days on both sides of 32-day block edges, and before 1970 (negative day numbers).
        let days = ["1969-12-30", "1969-12-31", "1970-01-01", "1970-02-01", "1970-02-02", "2024-02-29"]
        let counts = entrepreneurs(days.map { ($0, "Tanta") })
        #expect(counts.countsByGroup() == [6])
        #expect(counts.countsByGroup(through: d("1969-12-31")) == [2])
        #expect(counts.countsByGroup(from: d("1969-12-31"), through: d("1970-02-01")) == [3])
        #expect(counts.countsByGroup(from: d("1970-02-02")) == [2])
        #expect(counts.countsByGroup(from: d("1970-02-03"), through: d("2024-02-28")) == [0])
        #expect(counts.countsByGroup(from: d("2024-01-01"), through: d("2023-01-01")) == [0])
        var seen: [LocalDate] = []
        counts.forEachDay { _, date, count in
            #expect(count == 1)
            seen.append(date)
        }
        #expect(seen.sorted() == days.map(d))
    }

    @Test func equalityIgnoresTheOrderRowsCameIn() {
        let rows = [("2024-01-01", "Tanta"), ("2024-05-01", "Kelua"), ("2024-01-01", "Tanta")]
        #expect(entrepreneurs(rows) == entrepreneurs(rows.reversed()))
        #expect(entrepreneurs(rows) != entrepreneurs(Array(rows.dropLast())))
    }

    @Test func mergeAddsTheOtherGroupsDays() {
        var merged = entrepreneurs([("2024-01-01", "Tanta")])
        merged.merge(
            entrepreneurs([("2024-01-01", "Kelua"), ("2024-01-01", "Tanta"), ("2024-09-09", "Tanta")]))
        #expect(
            merged
                == entrepreneurs([
                    ("2024-01-01", "Tanta"), ("2024-01-01", "Tanta"), ("2024-01-01", "Kelua"),
                    ("2024-09-09", "Tanta"),
                ]))
        #expect(merged.total == 4)
    }
}

extension RecordCountsTests {
    @Test func manyGroupsOverCenturiesStillCountRight() {
        // 2,100 groups × two centuries is past the dense table's limit, so it switches to hashing.
        var counts = RecordCounts(kind: .entrepreneurs)
        for area in 0..<2100 {
            let group = counts.group(for: ["area \(area)", "", "", ""])
            counts.add(group: group, date: d("1900-01-01"))
            counts.add(group: group, date: d("2100-12-31"), count: area)
            counts.add(group: group, date: d("2000-06-15"))
        }
        let all = counts.countsByGroup()
        #expect(all.count == 2100)
        #expect(all[0] == 2 && all[7] == 9 && all[2099] == 2101)
        #expect(
            counts.countsByGroup(from: d("1950-01-01"), through: d("2050-01-01"))
                == Array(repeating: 1, count: 2100))
        #expect(counts.total == 2100 * 2 + (0..<2100).reduce(0, +))
    }
}

struct NewestRecordTests {
    typealias D = TestData

    @Test func theNewestRecordIsTheLatestDayWithRowsOfAnyGroup() {
        var records = D.entrepreneurs([("2024-03-01", "Tanjung", "a"), ("2021-07-09", "Kelua", "b")])
        #expect(records.newestDate == D.date("2024-03-01"))
        records.add(RecordCounts.Key(date: D.date("2024-03-31"), attributes: ["Kelua", "b", "", ""]))
        #expect(records.newestDate == D.date("2024-03-31"))
        #expect(RecordCounts(kind: .trainees).newestDate == nil)
        #expect(SourceData.entrepreneurs(records).newestRecord == D.date("2024-03-31"))
        let survey = SourceData.labourForce([
            D.estimate("2025-08", "Tabalong", 10, 7, 1), D.estimate("2024-02", "Tabalong", 10, 7, 1),
        ])
        #expect(survey.newestRecord == D.date("2025-08-01"))
        #expect(SourceData.labourForce([]).newestRecord == nil)
        let seekers = D.jobSeekers([("2023-01-05", "2026-02-01", "Tanjung"), ("2022-12-30", nil, "Kelua")])
        #expect(
            SourceData.jobSeekers(seekers).newestRecord == D.date("2023-01-05"),
            "a registration date, not a placement")
    }
}

struct CountsThroughEachDateTests {
    typealias D = TestData

    @Test func manyDatesInOnePassGiveWhatEachDateGivesAlone() {
        var records = RecordCounts(kind: .entrepreneurs)
        // Days across many 32-day blocks and three groups, some days with several rows.
        for offset in stride(from: 0, to: 900, by: 7) {
            let day = D.date("2023-01-01").adding(days: offset)
            records.add(
                RecordCounts.Key(date: day, attributes: ["A\(offset % 3)", "p", "", ""]),
                count: offset % 5 + 1)
        }
        let dates = [
            "2022-12-31", "2023-01-01", "2023-02-01", "2023-03-31", "2024-02-29", "2025-06-17", "2030-01-01",
        ]
        .map(D.date)
        let together = records.countsByGroup(throughEach: dates)
        for (slot, date) in dates.enumerated() {
            #expect(together[slot] == records.countsByGroup(through: date), "\(date)")
        }
        #expect(together.last?.reduce(0, +) == records.total)
        #expect(records.countsByGroup(throughEach: []).isEmpty)
    }

    @Test func activeJobSeekersOnManyDatesMatchEachDateAlone() {
        let registrations = D.jobSeekers(
            [
                ("2023-01-10", nil, "Tanjung"), ("2023-02-10", "2023-03-05", "Kelua"),
                ("2023-03-20", nil, "Kelua"), ("2024-03-21", nil, "Tanjung"), ("2021-06-01", nil, "Haruai"),
            ], validityDays: 365)
        let dates = ["2021-05-31", "2022-06-01", "2023-02-28", "2023-03-31", "2024-03-20", "2025-12-31"].map(
            D.date)
        let series = ActiveJobSeekers.series([registrations], matching: .all, on: dates)
        for (slot, date) in dates.enumerated() {
            let alone = ActiveJobSeekers([registrations], matching: .all, on: date)
            #expect(series[slot].total == alone.total, "\(date)")
            #expect(series[slot].areas == alone.areas, "\(date)")
            for area in ["Tanjung", "Kelua", "Haruai"] {
                #expect(
                    series[slot].count(in: area, region: "Tabalong")
                        == alone.count(in: area, region: "Tabalong"))
            }
        }
        // 2023-03-31: Tanjung (Jan), Kelua (Mar 20); Haruai's lapsed after 365 days, Kelua's Feb one placed.
        #expect(series[3].total == 2)
    }
}

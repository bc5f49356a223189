import Foundation
import Testing

@testable import NakerCore

struct LocalDateTests {
    @Test func epochAndKnownDays() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(LocalDate(year: 2000, month: 3, day: 1)?.dayNumber == 11_017)
        #expect(LocalDate(year: 2024, month: 12, day: 31)?.dayNumber == 20_088)
        #expect(LocalDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
    }

    @Test func componentsRoundTripOverFourCenturies() {
        var date = LocalDate(year: 1900, month: 1, day: 1)!
        let last = LocalDate(year: 2300, month: 12, day: 31)!
        while date <= last {
            let (year, month, day) = date.components
            #expect(LocalDate(year: year, month: month, day: day) == date)
            date = date.adding(days: 1)
        }
    }

    @Test(arguments: [
        "2022-02-30", "2022-13-01", "22-01-01", "2022-1-01", "2022/01/01", "2023-02-29", "2022-01-01 ", "",
    ])
    func rejectsWhatIsNotADate(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func parsesAndPrintsIso() {
        #expect(LocalDate(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(LocalDate(iso: "0999-01-05")?.description == "0999-01-05")
        #expect(LocalDate(iso: "2022-01-04")!.days(to: LocalDate(iso: "2022-12-31")!) == 361)
    }

    /// Each `date_format` with what it accepts and what it refuses (a day that does not exist, the
    /// other forms, two-digit years).
    @Test(arguments: [
        (
            DateFormat.iso, ["2022-01-04": "2022-01-04", "2024-02-29": "2024-02-29"],
            ["04/01/2022", "2022-1-4"]
        ),
        (
            .dayMonthYearSlash, ["04/01/2022": "2022-01-04", "31/12/2024": "2024-12-31"],
            ["4/1/2022", "2022-01-04", "04-01-2022", "31/02/2024", "04/01/22", "04/13/2022", " 04/01/2022"]
        ),
        (
            .dayMonthYearDash, ["04-01-2022": "2022-01-04"],
            ["04/01/2022", "2022-01-04", "4-1-2022", "29-02-2023"]
        ),
        (
            .dayMonthYearUnpadded,
            [
                "4/1/2022": "2022-01-04", "04/01/2022": "2022-01-04", "31/1/2022": "2022-01-31",
                "1/12/2022": "2022-12-01",
            ],
            ["4/1/22", "/1/2022", "4//2022", "123/1/2022", "4/1/02022", "4-1-2022", "0/1/2022", "4/1/2022/"]
        ),
    ])
    func dateFormats(format: DateFormat, accepted: [String: String], refused: [String]) {
        func parse(_ text: String) -> LocalDate? {
            var copy = text
            return copy.withUTF8 { LocalDate(UnsafeRawBufferPointer($0), format: format) }
        }
        for (text, iso) in accepted {
            #expect(parse(text)?.description == iso, "\(format.rawValue): \(text)")
        }
        for text in refused {
            #expect(parse(text) == nil, "\(format.rawValue) must refuse \(text)")
        }
    }

    @Test func surveyPeriods() {
        #expect(SurveyPeriod(text: "2022-08")?.firstDay == LocalDate(iso: "2022-08-01"))
        #expect(SurveyPeriod(text: "2022-8") == nil)
        #expect(SurveyPeriod(text: "2022-13") == nil)
        #expect(SurveyPeriod(text: "2022-02")! < SurveyPeriod(text: "2022-08")!)
    }

    @Test func midnightInWitaIsEightHoursBeforeUtcMidnight() {
        let wita = TimeZone(identifier: "Asia/Makassar")!
        // 2022-08-01T00:00+08:00 = 2022-07-31T16:00Z.
        #expect(LocalDate(iso: "2022-08-01")!.midnightUnixTime(in: wita) == 1_659_283_200)
        let utc = TimeZone(identifier: "UTC")!
        #expect(LocalDate(iso: "2022-08-01")!.midnightUnixTime(in: utc) == 1_659_312_000)
    }

    /// The first moment of a day where daylight saving time begins or ends at midnight.
    @Test(arguments: [
        // São Paulo skipped 2018-11-04 00:00 (clocks went to 01:00, UTC−2): the day starts 03:00Z.
        ("America/Sao_Paulo", "2018-11-04", 1_541_300_400),
        // The day before and after are ordinary midnights (UTC−3, then UTC−2).
        ("America/Sao_Paulo", "2018-11-03", 1_541_214_000),
        ("America/Sao_Paulo", "2018-11-05", 1_541_383_200),
        // 2019-02-17: at midnight clocks went back to 23:00 of the 16th (UTC−2 → UTC−3), so the 17th
        // begins at the midnight that follows, 03:00Z.
        ("America/Sao_Paulo", "2019-02-17", 1_550_372_400),
        // Havana jumps from 00:00 to 01:00 (UTC−5 → UTC−4) on 2024-03-10.
        ("America/Havana", "2024-03-10", 1_710_046_800),
        // A change away from midnight (Berlin, 02:00 → 03:00) leaves midnight alone.
        ("Europe/Berlin", "2024-03-31", 1_711_839_600),
    ])
    func startOfDayAcrossDaylightSavingChanges(zone: String, date: String, expected: Double) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let day = try #require(LocalDate(iso: date))
        #expect(day.midnightUnixTime(in: timeZone) == expected)
        #expect(LocalDate.on(unixTime: expected, in: timeZone) == day, "the instant falls on the day itself")
        #expect(LocalDate.on(unixTime: expected - 1, in: timeZone) == day.adding(days: -1))
    }
}

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
}

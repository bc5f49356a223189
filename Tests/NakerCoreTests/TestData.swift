@testable import NakerCore

/// Small hand-made datasets whose indicators are easy to compute on paper.
enum TestData {
    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    static func entrepreneurs(_ rows: [(String, String, String)]) -> RecordCounts {
        var records = RecordCounts(kind: .entrepreneurs)
        for (day, area, programme) in rows {
            records.add(RecordCounts.Key(date: date(day), attributes: [area, programme, "", ""]))
        }
        return records
    }

    static func estimate(_ period: String, _ area: String, _ wap: Int, _ lf: Int, _ unemployed: Int)
        -> LabourForceEstimate
    {
        LabourForceEstimate(
            period: SurveyPeriod(text: period)!, area: area, workingAgePopulation: wap, labourForce: lf,
            unemployed: unemployed)
    }

    static func jobSeekers(
        _ rows: [(registered: String, placed: String?, area: String)], validityDays: Int = 730
    )
        -> JobSeekerRegistrations
    {
        var registrations = JobSeekerRegistrations(validityDays: validityDays)
        for row in rows {
            registrations.add(
                registered: date(row.registered), placed: row.placed.map(date),
                attributes: [row.area, "", ""])
        }
        return registrations
    }
}

import Testing

@testable import NakerCore

struct JobSeekerRegistrationsTests {
    let registered = LocalDate(iso: "2022-01-01")!

    func key(placed: String? = nil) -> RecordCounts.Key {
        RecordCounts.Key(
            date: registered, endDate: placed.flatMap { LocalDate(iso: $0) },
            attributes: ["Tanjung", "L", "SMA"])
    }

    @Test func activeFromRegistrationThroughItsLastValidDay() {
        let key = key()
        #expect(!JobSeekerRegistrations.isActive(key, on: registered.adding(days: -1), validityDays: 730))
        #expect(JobSeekerRegistrations.isActive(key, on: registered, validityDays: 730))
        // The 730th day of a two-year card (day 1 is the registration day) is 2023-12-31.
        #expect(JobSeekerRegistrations.isActive(key, on: LocalDate(iso: "2023-12-31")!, validityDays: 730))
        #expect(!JobSeekerRegistrations.isActive(key, on: LocalDate(iso: "2024-01-01")!, validityDays: 730))
    }

    @Test func placementEndsItOnThePlacementDay() {
        let key = key(placed: "2022-03-15")
        #expect(JobSeekerRegistrations.isActive(key, on: LocalDate(iso: "2022-03-14")!, validityDays: 730))
        #expect(!JobSeekerRegistrations.isActive(key, on: LocalDate(iso: "2022-03-15")!, validityDays: 730))
        #expect(!JobSeekerRegistrations.isActive(key, on: LocalDate(iso: "2022-06-01")!, validityDays: 730))
    }

    @Test func validityIsPerSource() {
        let key = key()
        #expect(!JobSeekerRegistrations.isActive(key, on: LocalDate(iso: "2022-01-31")!, validityDays: 30))
        #expect(JobSeekerRegistrations.isActive(key, on: LocalDate(iso: "2022-01-30")!, validityDays: 30))
    }
}

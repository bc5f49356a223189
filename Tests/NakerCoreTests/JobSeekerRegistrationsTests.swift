import Testing

@testable import NakerCore

struct JobSeekerRegistrationsTests {
    let registered = LocalDate(iso: "2022-01-01")!

    func isActive(placed: String? = nil, on day: String, validityDays: Int = 730) -> Bool {
        var registrations = JobSeekerRegistrations(validityDays: validityDays)
        registrations.add(
            registered: registered, placed: placed.flatMap { LocalDate(iso: $0) },
            attributes: ["Tanjung", "L", "SMA"])
        return registrations.activeByGroup(on: LocalDate(iso: day)!) == [1]
    }

    @Test func activeFromRegistrationThroughItsLastValidDay() {
        #expect(!isActive(on: "2021-12-31"))
        #expect(isActive(on: "2022-01-01"))
        // The 730th day of a two-year card (day 1 is the registration day) is 2023-12-31.
        #expect(isActive(on: "2023-12-31"))
        #expect(!isActive(on: "2024-01-01"))
    }

    @Test func placementEndsItOnThePlacementDay() {
        #expect(isActive(placed: "2022-03-15", on: "2022-03-14"))
        #expect(!isActive(placed: "2022-03-15", on: "2022-03-15"))
        #expect(!isActive(placed: "2022-03-15", on: "2022-06-01"))
        // Placed on the registration day: never active.
        #expect(!isActive(placed: "2022-01-01", on: "2022-01-01"))
    }

    @Test func placementAfterExpiryChangesNothing() {
        #expect(!isActive(placed: "2024-06-01", on: "2024-01-01"))
        #expect(isActive(placed: "2024-06-01", on: "2023-12-31"))
    }

    @Test func validityIsPerSource() {
        #expect(!isActive(on: "2022-01-31", validityDays: 30))
        #expect(isActive(on: "2022-01-30", validityDays: 30))
    }

    @Test func activeCountsAreStartsMinusEndsPerGroup() {
        var registrations = JobSeekerRegistrations(validityDays: 730)
        let d = { (text: String) in LocalDate(iso: text)! }
        registrations.add(registered: d("2022-01-01"), placed: nil, attributes: ["Tanjung", "", ""])
        registrations.add(
            registered: d("2022-02-01"), placed: d("2022-03-01"), attributes: ["Tanjung", "", ""])
        registrations.add(registered: d("2022-02-10"), placed: nil, attributes: ["Kelua", "", ""])
        #expect(registrations.registered.groups == [["Tanjung", "", ""], ["Kelua", "", ""]])
        #expect(registrations.activeByGroup(on: d("2022-01-15")) == [1, 0])
        #expect(registrations.activeByGroup(on: d("2022-02-15")) == [2, 1])
        #expect(registrations.activeByGroup(on: d("2022-03-01")) == [1, 1])
        #expect(registrations.activeByGroup(on: d("2024-01-01")) == [0, 1])
        #expect(registrations.activeByGroup(on: d("2024-02-10")) == [0, 0])
    }
}

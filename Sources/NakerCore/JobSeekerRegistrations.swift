/// AK/I ("kartu kuning") registrations of one source, with that source's card validity.
public struct JobSeekerRegistrations: Hashable, Sendable {
    public var validityDays: Int
    public var records: RecordCounts

    public init(validityDays: Int, records: RecordCounts = RecordCounts(kind: .jobSeekers)) {
        self.validityDays = validityDays
        self.records = records
    }

    /// SPEC 2: active on D when registered on or before D, not placed on or before D, and
    /// D < registered_on + validity.
    public static func isActive(_ key: RecordCounts.Key, on date: LocalDate, validityDays: Int) -> Bool {
        guard key.date <= date, date < key.date.adding(days: validityDays) else { return false }
        if let placed = key.endDate, placed <= date { return false }
        return true
    }
}

/// AK/I ("kartu kuning") registrations of one source, with that source's card validity.
///
/// A registration is active on the days `[registered_on, end)`, where `end` is the placement
/// day or the day the card expires, whichever comes first (docs/formulas.md). Keeping the registrations
/// by start day and by end day makes the active count on any D two sums:
/// started on or before D minus ended on or before D.
public struct JobSeekerRegistrations: Hashable, Sendable {
    /// An AK/I card is valid for two years unless the source says otherwise (`validity:`).
    public static let defaultValidityDays = 730

    public var validityDays: Int
    /// By `registered_on`.
    public private(set) var registered: RecordCounts
    /// By the first day each registration is no longer active; same groups as `registered`.
    public private(set) var ended: RecordCounts

    public init(validityDays: Int = defaultValidityDays) {
        self.validityDays = validityDays
        registered = RecordCounts(kind: .jobSeekers)
        ended = RecordCounts(kind: .jobSeekers)
    }

    /// Active on D when registered on or before D, not placed on or before D, and
    /// D < registered_on + validity. Returns the first day that does not hold.
    public static func endDate(registered: LocalDate, placed: LocalDate?, validityDays: Int) -> LocalDate {
        let expiry = registered.adding(days: validityDays)
        guard let placed else { return expiry }
        return min(max(placed, registered), expiry)
    }

    public mutating func add(
        registered date: LocalDate, placed: LocalDate?, attributes: [String], count: Int = 1
    ) {
        let group = registered.group(for: attributes)
        add(group: group, registered: date, placed: placed, count: count)
    }

    /// `group` is a group of `registered` (and, by construction, the same one of `ended`).
    public mutating func add(group: Int, registered date: LocalDate, placed: LocalDate?, count: Int = 1) {
        if group >= ended.groups.count {
            for number in ended.groups.count...group {
                _ = ended.group(for: registered.groups[number])
            }
        }
        registered.add(group: group, date: date, count: count)
        ended.add(
            group: group, date: Self.endDate(registered: date, placed: placed, validityDays: validityDays),
            count: count)
    }

    /// Hints that a registration of `group` is about to be added (see `RecordCounts.prefetch`).
    public func prefetch(group: Int, registered date: LocalDate, placed: LocalDate?) {
        registered.prefetch(group: group, date: date)
        ended.prefetch(
            group: group, date: Self.endDate(registered: date, placed: placed, validityDays: validityDays))
    }

    /// The group number for these attribute values (shared by `registered` and `ended`).
    public mutating func group(for attributes: [String]) -> Int {
        registered.group(for: attributes)
    }

    public mutating func merge(_ other: JobSeekerRegistrations) {
        precondition(other.validityDays == validityDays, "merging registrations of another validity")
        let mapped = other.registered.groups.map { registered.group(for: $0) }
        for number in ended.groups.count..<registered.groups.count {
            _ = ended.group(for: registered.groups[number])
        }
        other.registered.forEachDay { group, date, count in
            registered.add(group: mapped[group], date: date, count: count)
        }
        other.ended.forEachDay { group, date, count in
            ended.add(group: mapped[group], date: date, count: count)
        }
    }

    /// Active registrations on `date`, per group of `registered.groups`.
    public func activeByGroup(on date: LocalDate) -> [Int] {
        activeByGroup(onEach: [date])[0]
    }

    /// `activeByGroup(on:)` for each of `dates` (ascending), in one pass over the registry.
    public func activeByGroup(onEach dates: [LocalDate]) -> [[Int]] {
        let started = registered.countsByGroup(throughEach: dates)
        let stopped = ended.countsByGroup(throughEach: dates)
        return zip(started, stopped).map { started, stopped in
            started.indices.map { started[$0] - (stopped.indices.contains($0) ? stopped[$0] : 0) }
        }
    }

    public var total: Int { registered.total }
}

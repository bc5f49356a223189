/// A record-level registry (job seekers, entrepreneurs, trainees) reduced to counts.
///
/// Rows with the same dates and the same attribute values collapse into one key, so memory
/// follows the number of distinct combinations, not rows, and no id ever reaches the core.
public struct RecordCounts: Hashable, Sendable {
    public struct Key: Hashable, Sendable {
        /// `registered_on` or `started_on`.
        public var date: LocalDate
        /// `placed_on` for job seekers; nil when not placed (or not applicable).
        public var endDate: LocalDate?
        /// Values of `DatasetKind.attributeColumns`, in that order; "" when the row had none.
        public var attributes: [String]

        public init(date: LocalDate, endDate: LocalDate? = nil, attributes: [String]) {
            self.date = date
            self.endDate = endDate
            self.attributes = attributes
        }
    }

    public let kind: DatasetKind
    public private(set) var counts: [Key: Int] = [:]
    public private(set) var total = 0

    public init(kind: DatasetKind) {
        self.kind = kind
    }

    public mutating func add(_ key: Key, count: Int = 1) {
        precondition(key.attributes.count == kind.attributeColumns.count, "attribute count of \(kind)")
        counts[key, default: 0] += count
        total += count
    }

    public mutating func merge(_ other: RecordCounts) {
        precondition(other.kind == kind, "merging \(other.kind) into \(kind)")
        for (key, count) in other.counts { add(key, count: count) }
    }

    public func attributeIndex(_ column: String) -> Int? {
        kind.attributeColumns.firstIndex(of: column)
    }
}

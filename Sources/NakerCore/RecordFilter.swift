/// A target's `where:` resolved to attribute positions once, so matching a row is index lookups.
public struct RecordFilter: Hashable, Sendable {
    public let conditions: [(index: Int, value: String)]

    public init(_ filters: [String: String], kind: DatasetKind) {
        conditions = filters.sorted { $0.key < $1.key }.compactMap { column, value in
            // Unknown columns are rejected by config validation; here they match nothing.
            kind.attributeColumns.firstIndex(of: column).map { ($0, value) } ?? (-1, value)
        }
    }

    public static let all = RecordFilter([:], kind: .entrepreneurs)

    /// Whether a group with these attribute values matches.
    public func matches(_ attributes: [String]) -> Bool {
        conditions.allSatisfy { $0.index >= 0 && attributes[$0.index] == $0.value }
    }

    public static func == (lhs: RecordFilter, rhs: RecordFilter) -> Bool {
        lhs.conditions.elementsEqual(rhs.conditions) { $0.index == $1.index && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for condition in conditions {
            hasher.combine(condition.index)
            hasher.combine(condition.value)
        }
    }
}

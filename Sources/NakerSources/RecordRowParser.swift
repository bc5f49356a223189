import NakerCore

/// Registry rows (job seekers, entrepreneurs, trainees) into `RecordCounts` (SPEC 3).
struct RecordRowParser {
    private struct Attribute {
        var column: String
        var index: Int?
        var required: Bool
    }

    private let id: Int
    private let dateColumn: String
    private let date: Int
    /// `placed_on`, for job seekers only.
    private let endDate: Int?
    private let attributes: [Attribute]
    /// Digests of the ids accepted so far; a later row with the same id is a duplicate.
    private var seen: Set<IDDigest> = []
    private(set) var counts: RecordCounts

    init(kind: DatasetKind, columns: HeaderColumns) {
        id = columns.index(ofRequired: "id")
        dateColumn = kind == .trainees ? "started_on" : "registered_on"
        date = columns.index(ofRequired: dateColumn)
        endDate = kind == .jobSeekers ? columns.index(of: "placed_on") : nil
        let required = Set(kind.requiredColumns)
        attributes = kind.attributeColumns.map { column in
            Attribute(column: column, index: columns.index(of: column), required: required.contains(column))
        }
        counts = RecordCounts(kind: kind)
    }

    /// Adds the row, or returns why not. `fields` has the header's field count.
    mutating func parse(_ fields: [String]) -> RowRejection.Reason? {
        let idText = FieldText.trimmed(fields[id])
        guard !idText.isEmpty else { return .missing("id") }
        let dateText = FieldText.trimmed(fields[date])
        guard !dateText.isEmpty else { return .missing(dateColumn) }
        guard let startDate = LocalDate(iso: dateText) else { return .badDate(dateColumn) }

        var values: [String] = []
        values.reserveCapacity(attributes.count)
        for attribute in attributes {
            let value = attribute.index.map { FieldText.trimmed(fields[$0]) } ?? ""
            if attribute.required && value.isEmpty { return .missing(attribute.column) }
            values.append(value)
        }

        var placed: LocalDate?
        if let endDate {
            let text = FieldText.trimmed(fields[endDate])
            if !text.isEmpty {
                guard let parsed = LocalDate(iso: text) else { return .badDate("placed_on") }
                guard parsed >= startDate else { return .placedBeforeRegistered }
                placed = parsed
            }
        }

        // Last, so that only accepted rows claim their id.
        guard seen.insert(IDDigest(idText)).inserted else { return .duplicateID }
        counts.add(RecordCounts.Key(date: startDate, endDate: placed, attributes: values))
        return nil
    }
}

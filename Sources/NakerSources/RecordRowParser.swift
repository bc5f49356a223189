import NakerCore

/// Registry rows (job seekers, entrepreneurs, trainees) into counts (SPEC 3), parsed from the
/// record's bytes: a row makes no `String` unless it starts a new attribute group.
struct RecordRowParser: Sendable {
    /// No strings inside, so walking the attributes per row retains nothing.
    private struct Attribute: Sendable {
        var index: Int?
        var required: Bool
        var kept: Bool
    }

    private let kind: DatasetKind
    private let id: Int
    private let dateColumn: String
    private let date: Int
    /// `placed_on`, for job seekers only.
    private let endDate: Int?
    private let attributes: [Attribute]
    /// The ids accepted so far; a later row with the same id is a duplicate.
    private var seen = IDSet()
    private var groupTable = GroupTable()
    /// The kept attribute values of the current row, each as its length (4 bytes) and bytes.
    private var groupKey: [UInt8] = []
    private(set) var records: RecordCounts
    private(set) var registrations: JobSeekerRegistrations?

    init(kind: DatasetKind, columns: HeaderColumns, validityDays: Int, keptAttributes: Set<String>) {
        self.kind = kind
        id = columns.index(ofRequired: "id")
        dateColumn = kind == .trainees ? "started_on" : "registered_on"
        date = columns.index(ofRequired: dateColumn)
        endDate = kind == .jobSeekers ? columns.index(of: "placed_on") : nil
        let required = Set(kind.requiredColumns)
        attributes = kind.attributeColumns.map { column in
            Attribute(
                index: columns.index(of: column), required: required.contains(column),
                kept: keptAttributes.contains(column))
        }
        records = RecordCounts(kind: kind)
        if kind == .jobSeekers { registrations = JobSeekerRegistrations(validityDays: validityDays) }
    }

    /// Adds the row, or returns why not. `record` has the header's field count and is UTF-8.
    mutating func parse(_ record: CSVRecordView) -> RowRejection.Reason? {
        let idBytes = FieldBytes.trimmed(record.field(id))
        guard !idBytes.isEmpty else { return .missing("id") }
        // The id table's and the counts' slots are random memory; asking for them early lets
        // both loads overlap with parsing the rest of the row.
        let digest = IDDigest(bytes: idBytes)
        seen.prefetch(digest)
        let dateBytes = FieldBytes.trimmed(record.field(date))
        guard !dateBytes.isEmpty else { return .missing(dateColumn) }
        guard let startDate = FieldBytes.date(dateBytes) else { return .badDate(dateColumn) }

        groupKey.removeAll(keepingCapacity: true)
        for (position, attribute) in attributes.enumerated() {
            let value =
                attribute.index.map { FieldBytes.trimmed(record.field($0)) }
                ?? UnsafeRawBufferPointer(start: nil, count: 0)
            if attribute.required && value.isEmpty { return .missing(kind.attributeColumns[position]) }
            guard attribute.kept else { continue }
            withUnsafeBytes(of: UInt32(value.count).littleEndian) { groupKey.append(contentsOf: $0) }
            groupKey.append(contentsOf: value)
        }

        var placed: LocalDate?
        if let endDate {
            let bytes = FieldBytes.trimmed(record.field(endDate))
            if !bytes.isEmpty {
                guard let parsed = FieldBytes.date(bytes) else { return .badDate("placed_on") }
                guard parsed >= startDate else { return .placedBeforeRegistered }
                placed = parsed
            }
        }

        let group = groupKey.withUnsafeBytes { groupTable.group(for: $0) } ?? newGroup(record)
        if kind == .jobSeekers {
            registrations?.prefetch(group: group, registered: startDate, placed: placed)
        } else {
            records.prefetch(group: group, date: startDate)
        }
        // Last, so that only accepted rows claim their id.
        guard seen.insert(digest) else { return .duplicateID }
        if kind == .jobSeekers {
            registrations?.add(group: group, registered: startDate, placed: placed)
        } else {
            records.add(group: group, date: startDate)
        }
        return nil
    }

    private mutating func newGroup(_ record: CSVRecordView) -> Int {
        let values = attributes.map { attribute in
            guard attribute.kept, let index = attribute.index else { return "" }
            return FieldBytes.text(FieldBytes.trimmed(record.field(index)))
        }
        let group: Int
        if kind == .jobSeekers {
            group = registrations?.group(for: values) ?? 0
        } else {
            group = records.group(for: values)
        }
        let key = groupKey
        key.withUnsafeBytes { groupTable.insert($0, group: group) }
        return group
    }
}

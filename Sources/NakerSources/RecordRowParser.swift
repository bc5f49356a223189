import NakerCore

/// Registry rows (job seekers, entrepreneurs, trainees) into counts (docs/formulas.md, row rules), parsed from the
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
    /// Rows counted so far (a held-back row is not yet).
    private(set) var accepted = 0

    /// A row whose fields passed, held back until the next row's memory requests are out: its
    /// id-table and counter slots then have a whole row's parsing to arrive in the cache
    /// before `flush` touches them.
    private struct HeldRow: Sendable {
        var line: Int
        var digest: IDDigest
        var group: Int
        var date: LocalDate
        var placed: LocalDate?
    }
    private var held: HeldRow?

    private enum Checked {
        case passed(HeldRow)
        case rejected(RowRejection.Reason)
    }

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

    /// Checks the row and holds it back, committing the row held before; returns the
    /// rejections in line order (the earlier row's duplicate id first). `record` has the
    /// header's field count and is UTF-8. `flush` commits the last row.
    mutating func parse(_ record: CSVRecordView) -> [RowRejection] {
        switch check(record) {
        case .passed(let row):
            let earlier = flush()
            held = row
            return earlier
        case .rejected(let reason):
            return flush() + [RowRejection(line: record.line, reason: reason)]
        }
    }

    /// Commits the held-back row; its duplicate id, if it has one, is the rejection returned.
    mutating func flush() -> [RowRejection] {
        guard let row = held.take() else { return [] }
        // Last, so that only accepted rows claim their id.
        guard seen.insert(row.digest) else { return [RowRejection(line: row.line, reason: .duplicateID)] }
        if kind == .jobSeekers {
            registrations?.add(group: row.group, registered: row.date, placed: row.placed)
        } else {
            records.add(group: row.group, date: row.date)
        }
        accepted += 1
        return []
    }

    private mutating func check(_ record: CSVRecordView) -> Checked {
        let idBytes = FieldBytes.trimmed(record.field(id))
        guard !idBytes.isEmpty else { return .rejected(.missing("id")) }
        // The id table's and the counts' slots are random memory; asking for them early lets
        // both loads overlap with parsing the rest of the row.
        let digest = IDDigest(bytes: idBytes)
        seen.prefetch(digest)
        let dateBytes = FieldBytes.trimmed(record.field(date))
        guard !dateBytes.isEmpty else { return .rejected(.missing(dateColumn)) }
        guard let startDate = LocalDate(isoBytes: dateBytes) else { return .rejected(.badDate(dateColumn)) }

        groupKey.removeAll(keepingCapacity: true)
        for (position, attribute) in attributes.enumerated() {
            let value =
                attribute.index.map { FieldBytes.trimmed(record.field($0)) }
                ?? UnsafeRawBufferPointer(start: nil, count: 0)
            if attribute.required && value.isEmpty {
                return .rejected(.missing(kind.attributeColumns[position]))
            }
            guard attribute.kept else { continue }
            withUnsafeBytes(of: UInt32(value.count).littleEndian) { groupKey.append(contentsOf: $0) }
            groupKey.append(contentsOf: value)
        }

        var placed: LocalDate?
        if let endDate {
            let bytes = FieldBytes.trimmed(record.field(endDate))
            if !bytes.isEmpty {
                guard let parsed = LocalDate(isoBytes: bytes) else { return .rejected(.badDate("placed_on")) }
                guard parsed >= startDate else { return .rejected(.placedBeforeRegistered) }
                placed = parsed
            }
        }

        let group = groupKey.withUnsafeBytes { groupTable.group(for: $0) } ?? newGroup(record)
        if kind == .jobSeekers {
            registrations?.prefetch(group: group, registered: startDate, placed: placed)
        } else {
            records.prefetch(group: group, date: startDate)
        }
        return .passed(
            HeldRow(line: record.line, digest: digest, group: group, date: startDate, placed: placed))
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

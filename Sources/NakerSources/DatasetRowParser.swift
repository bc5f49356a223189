import Logging
import NakerConfig
import NakerCore

/// Turns a source's CSV rows into its dataset: the header picks the columns, then each data
/// row is checked against the row rules (docs/formulas.md) and either counted or rejected with its line.
public struct DatasetRowParser: Sendable {
    public let kind: DatasetKind
    private var labourForceAccepted = 0
    private let fieldCount: Int
    /// The fields the rules read, sorted: a problem in any other field (a column nobody uses)
    /// does not reject the row.
    private let usedFields: [Int]
    // Exactly one is set, after `kind`. Optionals rather than an enum payload so that adding a
    // row mutates in place instead of copying the collected rows.
    private var labourForceRows: LabourForceRowParser?
    private var recordRows: RecordRowParser?

    /// Finds the source's columns in `header`; throws when a required one is missing.
    public init(source: SourceConfig, header: [String]) throws(DatasetHeaderError) {
        let columns = try HeaderColumns(header: header, source: source)
        kind = source.dataset
        fieldCount = columns.fieldCount
        if kind == .labourForce {
            let rows = LabourForceRowParser(columns: columns, format: source.format)
            usedFields = rows.usedFields
            labourForceRows = rows
        } else {
            let rows = RecordRowParser(
                kind: kind, columns: columns, validityDays: source.validityDays,
                keptAttributes: source.keptAttributes, format: source.format)
            usedFields = rows.usedFields
            recordRows = rows
        }
    }

    /// Adds one data row; returns the rejections it brings, in line order: a registry row is
    /// held back until the next one (see `RecordRowParser`), so the earlier row's duplicate id
    /// can come out with it. Call `flush` after the last row.
    ///
    /// A row whose fields are all empty (a spreadsheet's `;;;;`) carries nothing and is skipped.
    public mutating func parse(_ record: CSVRecordView) -> [RowRejection] {
        if record.isBlank { return [] }
        let reason: RowRejection.Reason
        if record.fieldCount != fieldCount {
            reason = .fieldCount(expected: fieldCount, found: record.fieldCount)
        } else if let problem = firstProblemInUsedFields(record) {
            reason = .malformed(problem)
        } else if labourForceRows != nil {
            guard let rejected = labourForceRows?.parse(record) else {
                labourForceAccepted += 1
                return []
            }
            reason = rejected
        } else {
            return recordRows?.parse(record) ?? []
        }
        return flush() + [RowRejection(line: record.line, reason: reason)]
    }

    private func firstProblemInUsedFields(_ record: CSVRecordView) -> CSVRecordProblem? {
        // Nearly every record: nothing to look at field by field.
        if record.problems.isEmpty && (record.encoding == .windows1252 || record.isASCII) { return nil }
        for index in usedFields {
            if let problem = record.problem(inField: index) { return problem }
        }
        return nil
    }

    /// Commits a held-back row; returns its rejection if it had a duplicate id.
    public mutating func flush() -> [RowRejection] {
        recordRows?.flush() ?? []
    }

    /// Joins the ids of `part`, a parser of the rows that follow this one's in the file (both
    /// flushed); returns the ids that were already here, whose rows in `part` are duplicates.
    mutating func takeIDs(of part: DatasetRowParser, threads: Int) -> [IDSet.Entry] {
        guard let rows = part.recordRows else { return [] }
        return recordRows?.takeIDs(of: rows, threads: threads) ?? []
    }

    /// Adds the counts of `part` (whose ids were taken with `takeIDs`).
    mutating func addCounts(of part: DatasetRowParser) {
        guard let rows = part.recordRows else { return }
        recordRows?.addCounts(of: rows)
    }

    /// Makes room for about `rows` ids (see `IDSet.reserve`).
    mutating func reserve(rows: Int) {
        recordRows?.reserve(rows: rows)
    }

    /// This parser, holding no rows yet, with `ids` already seen: reading a part again with
    /// it rejects the rows whose id came earlier in the file.
    func seeded(with ids: [IDSet.Entry]) -> DatasetRowParser {
        var copy = self
        copy.recordRows?.seed(ids)
        return copy
    }

    /// Rows counted so far, after `flush`.
    public var acceptedRows: Int { recordRows?.accepted ?? labourForceAccepted }

    /// The accepted rows so far, after `flush`.
    public var data: SourceData {
        if let labourForceRows { return .labourForce(labourForceRows.estimates) }
        switch kind {
        case .labourForce: return .labourForce([])
        case .jobSeekers:
            return .jobSeekers(recordRows?.registrations ?? JobSeekerRegistrations())
        case .entrepreneurs: return .entrepreneurs(recordRows?.records ?? RecordCounts(kind: kind))
        case .trainees: return .trainees(recordRows?.records ?? RecordCounts(kind: kind))
        }
    }
}

/// Where each of a source's columns is in the file, found from the header row.
struct HeaderColumns {
    let fieldCount: Int
    private let indexByCanonical: [String: Int]

    init(header: [String], source: SourceConfig) throws(DatasetHeaderError) {
        var positions: [String: [Int]] = [:]
        for (index, name) in header.enumerated() {
            positions[FieldText.trimmed(name), default: []].append(index)
        }
        var indexByCanonical: [String: Int] = [:]
        let required = Set(source.dataset.requiredColumns)
        for column in source.dataset.columns {
            let wanted = FieldText.trimmed(source.header(for: column))
            guard let found = positions[wanted] else {
                if required.contains(column) { throw .missingColumn(column: column, header: wanted) }
                continue
            }
            guard found.count == 1 else { throw .duplicateColumn(header: wanted) }
            indexByCanonical[column] = found[0]
        }
        self.fieldCount = header.count
        self.indexByCanonical = indexByCanonical
    }

    /// nil for an optional column the file lacks.
    func index(of column: String) -> Int? {
        indexByCanonical[column]
    }

    /// A required column, which `init` made sure is present.
    func index(ofRequired column: String) -> Int {
        guard let index = indexByCanonical[column] else {
            preconditionFailure("'\(column)' is not a required column of this dataset")
        }
        return index
    }
}

/// The header row does not fit the source's dataset: no row of the file can be used.
public enum DatasetHeaderError: Error, Hashable, Sendable {
    /// `column` is canonical; `header` is what was looked for in the file.
    case missingColumn(column: String, header: String)
    /// A header the source uses appears more than once, so which column is meant is unclear.
    case duplicateColumn(header: String)
}

extension DatasetHeaderError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingColumn(let column, let header):
            let looked = column == header ? "'\(column)'" : "'\(header)' (for column '\(column)')"
            return "the header has no column \(looked); add it to the file or map it "
                + "with `columns: { \(column): <header in file> }`"
        case .duplicateColumn(let header):
            return "the header names column '\(header)' more than once; rename or remove the extra one"
        }
    }
}

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
    private let dateFormat: DateFormat
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

    init(
        kind: DatasetKind, columns: HeaderColumns, validityDays: Int, keptAttributes: Set<String>,
        format: FieldFormat
    ) {
        self.kind = kind
        dateFormat = format.dateFormat
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

    /// The id, the dates and the attributes that are required or kept; an optional attribute
    /// nobody groups by is not read.
    var usedFields: [Int] {
        let read = attributes.filter { $0.required || $0.kept }.compactMap(\.index)
        return ([id, date] + [endDate].compactMap { $0 } + read).sorted()
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

    mutating func takeIDs(of part: RecordRowParser, threads: Int) -> [IDSet.Entry] {
        precondition(held == nil && part.held == nil, "joining parsers that still hold a row")
        return seen.join(part.seen, threads: threads)
    }

    mutating func addCounts(of part: RecordRowParser) {
        let ours: [Int]
        if let theirs = part.registrations, registrations != nil {
            ours = theirs.registered.groups.map { registrations!.group(for: $0) }
            registrations!.merge(theirs)
        } else {
            ours = part.records.groups.map { records.group(for: $0) }
            records.merge(part.records)
        }
        part.groupTable.forEachKey { key, group in
            if groupTable.group(for: key) == nil { groupTable.insert(key, group: ours[group]) }
        }
        accepted += part.accepted
    }

    mutating func reserve(rows: Int) {
        seen.reserve(rows)
    }

    mutating func seed(_ ids: [IDSet.Entry]) {
        for id in ids { seen.insert(id) }
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
        guard let startDate = LocalDate(dateBytes, format: dateFormat) else {
            return .rejected(.badDate(dateColumn, dateFormat))
        }

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
                guard let parsed = LocalDate(bytes, format: dateFormat) else {
                    return .rejected(.badDate("placed_on", dateFormat))
                }
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
            return record.text(FieldBytes.trimmed(record.field(index)))
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

/// `labour_force` rows into survey estimates (docs/formulas.md, row rules).
struct LabourForceRowParser {
    private struct PeriodArea: Hashable {
        var period: SurveyPeriod
        var area: String
    }

    private let period: Int
    private let area: Int
    private let workingAgePopulation: Int
    private let labourForce: Int
    private let unemployed: Int
    private let thousandsSeparator: UInt8?
    private var seen: Set<PeriodArea> = []
    private(set) var estimates: [LabourForceEstimate] = []

    init(columns: HeaderColumns, format: FieldFormat) {
        period = columns.index(ofRequired: "period")
        area = columns.index(ofRequired: "area")
        workingAgePopulation = columns.index(ofRequired: "working_age_population")
        labourForce = columns.index(ofRequired: "labour_force")
        unemployed = columns.index(ofRequired: "unemployed")
        thousandsSeparator = format.thousandsSeparator
    }

    var usedFields: [Int] { [period, area, workingAgePopulation, labourForce, unemployed].sorted() }

    /// Adds the row, or returns why not. `record` has the header's field count, and its used
    /// fields are text.
    mutating func parse(_ record: CSVRecordView) -> RowRejection.Reason? {
        func text(_ index: Int) -> String { FieldText.trimmed(record.text(record.field(index))) }
        let periodText = text(period)
        guard !periodText.isEmpty else { return .missing("period") }
        guard let surveyPeriod = SurveyPeriod(text: periodText) else { return .badPeriod }
        let areaText = text(area)
        guard !areaText.isEmpty else { return .missing("area") }

        var counts: [Int] = []
        for (index, column) in [
            (workingAgePopulation, "working_age_population"), (labourForce, "labour_force"),
            (unemployed, "unemployed"),
        ] {
            let countText = text(index)
            guard !countText.isEmpty else { return .missing(column) }
            guard let count = FieldText.count(countText, thousandsSeparator: thousandsSeparator) else {
                return .badCount(column, thousandsSeparator: thousandsSeparator)
            }
            counts.append(count)
        }
        let estimate = LabourForceEstimate(
            period: surveyPeriod, area: areaText, workingAgePopulation: counts[0], labourForce: counts[1],
            unemployed: counts[2])
        guard estimate.labourForce <= estimate.workingAgePopulation else {
            return .labourForceAboveWorkingAge
        }
        guard estimate.unemployed <= estimate.labourForce else { return .unemployedAboveLabourForce }
        guard seen.insert(PeriodArea(period: surveyPeriod, area: areaText)).inserted else {
            return .duplicatePeriodArea
        }
        estimates.append(estimate)
        return nil
    }
}

/// A data row that was not accepted: where it is and why, never what it contained.
public struct RowRejection: Hashable, Sendable {
    /// 1-based physical line where the row starts (the header is usually line 1).
    public var line: Int
    public var reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }
}

extension RowRejection {
    /// Why a row was rejected. Columns are named by their canonical names (docs/configuration.md).
    public enum Reason: Hashable, Sendable {
        case fieldCount(expected: Int, found: Int)
        case missing(String)
        /// The column, and the form dates are expected in.
        case badDate(String, DateFormat)
        case badPeriod
        /// The column, and the thousands separator allowed in it.
        case badCount(String, thousandsSeparator: UInt8?)
        case labourForceAboveWorkingAge
        case unemployedAboveLabourForce
        case placedBeforeRegistered
        case duplicateID
        case duplicatePeriodArea
        case malformed(CSVRecordProblem)

        /// A stable short name, for summaries.
        public var code: String {
            switch self {
            case .fieldCount: "field_count"
            case .missing: "missing"
            case .badDate: "bad_date"
            case .badPeriod: "bad_period"
            case .badCount: "bad_count"
            case .labourForceAboveWorkingAge: "labour_force_above_working_age"
            case .unemployedAboveLabourForce: "unemployed_above_labour_force"
            case .placedBeforeRegistered: "placed_before_registered"
            case .duplicateID: "duplicate_id"
            case .duplicatePeriodArea: "duplicate_period_area"
            case .malformed(.cellError), .malformed(.missingSharedString): "bad_cell"
            case .malformed: "malformed_csv"
            }
        }
    }
}

extension RowRejection.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .fieldCount(let expected, let found):
            "the row has \(found) fields but the header has \(expected); check delimiters and quoting"
        case .missing(let column):
            "required column '\(column)' is empty; fill it in"
        case .badDate(let column, let format):
            "column '\(column)' is not a date written \(format.rawValue); write it so, or set the source's "
                + "date_format to the form the file uses"
        case .badPeriod:
            "column 'period' is not a survey period; write it as YYYY-MM"
        case .badCount(let column, let separator?):
            "column '\(column)' is not a whole number >= 0; write digits, grouped in threes by "
                + "'\(Character(Unicode.Scalar(separator)))' if at all (139\(Character(Unicode.Scalar(separator)))540), no decimals"
        case .badCount(let column, nil):
            "column '\(column)' is not a whole number >= 0; write digits only, no separators or decimals "
                + "(or set the source's thousands_separator)"
        case .labourForceAboveWorkingAge:
            "labour_force is larger than working_age_population; correct the estimate"
        case .unemployedAboveLabourForce:
            "unemployed is larger than labour_force; correct the estimate"
        case .placedBeforeRegistered:
            "placed_on is before registered_on; correct either date"
        case .duplicateID:
            "the id appears on more than one row; one is counted (in a file the first, in a database the earliest-dated), remove or fix the others"
        case .duplicatePeriodArea:
            "this period and area already appeared on an earlier row; keep one estimate per period and area"
        case .malformed(let problem):
            problem.description
        }
    }
}

/// Logs one load's rejected rows: the first few one by one, then a summary, so that a file
/// with a million bad rows does not flood the journal. Only lines and reasons, never values.
struct RejectionLog {
    static let individualWarnings = 20

    private let logger: Logger
    private let metadata: Logger.Metadata
    private(set) var count = 0
    private var countByCode: [String: Int] = [:]

    /// Rows of a workbook are named `file!sheet:row`, a JSON document's `url#records[17]`, a CSV's
    /// by file and line.
    private let sheet: String?
    private let records: Bool
    private let file: String
    /// The rejections of a part read ahead of its turn: kept, not logged, until it is known
    /// where in the file the part starts (see `record(contentsOf:lineOffset:)`).
    private(set) var held: [RowRejection]?

    init(
        logger: Logger, source: String, file: String, sheet: String? = nil, records: Bool = false,
        holding: Bool = false
    ) {
        self.logger = logger
        held = holding ? [] : nil
        self.file = file
        self.sheet = sheet
        self.records = records
        var metadata: Logger.Metadata = ["source": .string(source)]
        metadata[records ? "url" : "file"] = .string(file)
        if let sheet { metadata["sheet"] = .string(sheet) }
        self.metadata = metadata
    }

    mutating func record(_ rejection: RowRejection) {
        count += 1
        if held != nil {
            held!.append(rejection)
            return
        }
        countByCode[rejection.reason.code, default: 0] += 1
        let level: Logger.Level = count <= Self.individualWarnings ? .warning : .debug
        logger.log(
            level: level, "source row rejected",
            metadata: metadata.merging(
                place(rejection.line).merging(["reason": .string(rejection.reason.description)]) { $1 },
                uniquingKeysWith: { _, new in new }))
    }

    /// Records the rejections `part` held, its lines counted from `lineOffset` + 1.
    mutating func record(contentsOf part: RejectionLog, lineOffset: Int) {
        for rejection in part.held ?? [] {
            record(RowRejection(line: rejection.line + lineOffset, reason: rejection.reason))
        }
    }

    private func place(_ line: Int) -> Logger.Metadata {
        if records { return ["record": .stringConvertible(line), "at": .string("\(file)#records[\(line)]")] }
        guard let sheet else { return ["line": .stringConvertible(line)] }
        return ["row": .stringConvertible(line), "at": .string("\(file)!\(sheet):\(line)")]
    }

    func summarize(accepted: Int) {
        guard count > 0 else { return }
        let reasons = countByCode.mapValues { Logger.MetadataValue.stringConvertible($0) }
        logger.warning(
            "source rows rejected",
            metadata: metadata.merging(
                [
                    "rejected": .stringConvertible(count), "accepted": .stringConvertible(accepted),
                    "reasons": .dictionary(reasons),
                ], uniquingKeysWith: { _, new in new }))
    }
}

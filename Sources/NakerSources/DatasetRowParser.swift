import NakerConfig
import NakerCore

/// Turns a source's CSV rows into its dataset: the header picks the columns, then each data
/// row is checked against the row rules (docs/formulas.md) and either counted or rejected with its line.
public struct DatasetRowParser: Sendable {
    public let kind: DatasetKind
    private var labourForceAccepted = 0
    private let fieldCount: Int
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
            labourForceRows = LabourForceRowParser(columns: columns)
        } else {
            recordRows = RecordRowParser(
                kind: kind, columns: columns, validityDays: source.validityDays,
                keptAttributes: source.keptAttributes)
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
        } else if labourForceRows != nil {
            switch record.strings() {
            case .success(let fields):
                guard let rejected = labourForceRows?.parse(fields) else {
                    labourForceAccepted += 1
                    return []
                }
                reason = rejected
            case .failure(let problem): reason = .malformed(problem)
            }
        } else if !record.isASCII, case .failure(let problem) = record.strings() {
            reason = .malformed(problem)
        } else {
            return recordRows?.parse(record) ?? []
        }
        return flush() + [RowRejection(line: record.line, reason: reason)]
    }

    /// Commits a held-back row; returns its rejection if it had a duplicate id.
    public mutating func flush() -> [RowRejection] {
        recordRows?.flush() ?? []
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

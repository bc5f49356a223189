import NakerConfig
import NakerCore

/// Turns a source's CSV rows into its dataset: the header picks the columns, then each data
/// row is checked against SPEC 3 and either counted or rejected with its line.
public struct DatasetRowParser: Sendable {
    public let kind: DatasetKind
    public private(set) var acceptedRows = 0
    private let fieldCount: Int
    private let validityDays: Int
    // Exactly one is set, after `kind`. Optionals rather than an enum payload so that adding a
    // row mutates in place instead of copying the collected rows.
    private var labourForceRows: LabourForceRowParser?
    private var recordRows: RecordRowParser?

    /// Finds the source's columns in `header`; throws when a required one is missing.
    public init(source: SourceConfig, header: [String]) throws(DatasetHeaderError) {
        let columns = try HeaderColumns(header: header, source: source)
        kind = source.dataset
        fieldCount = columns.fieldCount
        validityDays = source.validityDays
        if kind == .labourForce {
            labourForceRows = LabourForceRowParser(columns: columns)
        } else {
            recordRows = RecordRowParser(kind: kind, columns: columns)
        }
    }

    /// Adds one data row; returns why it was rejected, or nil when it was accepted or blank.
    ///
    /// A row whose fields are all empty (a spreadsheet's `;;;;`) carries nothing and is skipped.
    public mutating func parse(line: Int, fields: [String]) -> RowRejection? {
        if fields.allSatisfy(FieldText.isBlank) { return nil }
        guard fields.count == fieldCount else {
            return RowRejection(line: line, reason: .fieldCount(expected: fieldCount, found: fields.count))
        }
        let reason: RowRejection.Reason?
        if labourForceRows != nil {
            reason = labourForceRows?.parse(fields)
        } else {
            reason = recordRows?.parse(fields)
        }
        if let reason { return RowRejection(line: line, reason: reason) }
        acceptedRows += 1
        return nil
    }

    /// The accepted rows so far.
    public var data: SourceData {
        if let labourForceRows { return .labourForce(labourForceRows.estimates) }
        let records = recordRows?.counts ?? RecordCounts(kind: kind)
        switch kind {
        case .labourForce: return .labourForce([])
        case .jobSeekers:
            return .jobSeekers(JobSeekerRegistrations(validityDays: validityDays, records: records))
        case .entrepreneurs: return .entrepreneurs(records)
        case .trainees: return .trainees(records)
        }
    }
}

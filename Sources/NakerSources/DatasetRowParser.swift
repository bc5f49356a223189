import NakerConfig
import NakerCore

/// Turns a source's CSV rows into its dataset: the header picks the columns, then each data
/// row is checked against SPEC 3 and either counted or rejected with its line.
public struct DatasetRowParser: Sendable {
    public let kind: DatasetKind
    public private(set) var acceptedRows = 0
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

    /// Adds one data row; returns why it was rejected, or nil when it was accepted or blank.
    ///
    /// A row whose fields are all empty (a spreadsheet's `;;;;`) carries nothing and is skipped.
    public mutating func parse(_ record: CSVRecordView) -> RowRejection? {
        if record.isBlank { return nil }
        guard record.fieldCount == fieldCount else {
            return RowRejection(
                line: record.line, reason: .fieldCount(expected: fieldCount, found: record.fieldCount))
        }
        let reason: RowRejection.Reason?
        if labourForceRows != nil {
            switch record.strings() {
            case .success(let fields): reason = labourForceRows?.parse(fields)
            case .failure(let problem): reason = .malformed(problem)
            }
        } else if !record.isASCII, case .failure(let problem) = record.strings() {
            reason = .malformed(problem)
        } else {
            reason = recordRows?.parse(record)
        }
        if let reason { return RowRejection(line: record.line, reason: reason) }
        acceptedRows += 1
        return nil
    }

    /// The same for a row already decoded to text.
    public mutating func parse(line: Int, fields: [String]) -> RowRejection? {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for field in fields {
            bytes += field.utf8
            ends.append(bytes.count)
        }
        return bytes.withUnsafeBytes { bytes in
            ends.withUnsafeBufferPointer { ends in
                parse(CSVRecordView(line: line, bytes: bytes, fieldEnds: ends))
            }
        }
    }

    /// The accepted rows so far.
    public var data: SourceData {
        if let labourForceRows { return .labourForce(labourForceRows.estimates) }
        switch kind {
        case .labourForce: return .labourForce([])
        case .jobSeekers:
            return .jobSeekers(recordRows?.registrations ?? JobSeekerRegistrations(validityDays: 730))
        case .entrepreneurs: return .entrepreneurs(recordRows?.records ?? RecordCounts(kind: kind))
        case .trainees: return .trainees(recordRows?.records ?? RecordCounts(kind: kind))
        }
    }
}

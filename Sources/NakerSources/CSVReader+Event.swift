extension CSVReader {
    /// One record of the file; `line` is the 1-based physical line where the record starts.
    public enum Event: Hashable, Sendable {
        case record(line: Int, fields: [String])
        case malformed(line: Int, problem: CSVRecordProblem)

        public var line: Int {
            switch self {
            case .record(let line, _), .malformed(let line, _): line
            }
        }
    }

    /// A record before decoding, for callers that parse bytes themselves.
    public enum RawEvent {
        case record(CSVRecordView)
        case malformed(line: Int, problem: CSVRecordProblem)

        public var line: Int {
            switch self {
            case .record(let record): record.line
            case .malformed(let line, _): line
            }
        }
    }
}

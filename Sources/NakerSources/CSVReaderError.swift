/// A problem with a CSV file as a whole: nothing of it can be used.
public enum CSVReaderError: Error, Hashable, Sendable {
    case cannotOpen(path: String, reason: String)
    case isDirectory(path: String)
    /// A device, FIFO or socket: it may never end or block forever, so only regular files are read.
    case notRegularFile(path: String, kind: String)
    /// The load took longer than the source's `timeout`.
    case deadlineExceeded(path: String)
    case readFailed(path: String, reason: String)
    /// The file starts with a UTF-16 or UTF-32 byte-order mark.
    case unsupportedEncoding(path: String, encoding: String)
    /// No header row: the file is empty or holds only blank lines.
    case noHeader(path: String)
    case malformedHeader(path: String, line: Int, problem: CSVRecordProblem)
    /// The configured delimiter cannot separate fields.
    case unusableDelimiter(UInt8)
}

extension CSVReaderError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open \(path): \(reason); check that the file exists and the exporter's user may read it"
        case .isDirectory(let path):
            "\(path) is a directory; point the source's csv path at the CSV file itself"
        case .notRegularFile(let path, let kind):
            "\(path) is \(kind), not a regular file; only regular files are read: point the source at the CSV file itself"
        case .deadlineExceeded(let path):
            "reading \(path) took longer than the source's timeout; check the file and its disk or share, "
                + "or raise the source's timeout"
        case .readFailed(let path, let reason):
            "reading \(path) failed: \(reason); check the disk or network share, the next load retries"
        case .unsupportedEncoding(let path, let encoding):
            "\(path) is encoded as \(encoding); save it as \"CSV UTF-8\""
        case .noHeader(let path):
            "\(path) is empty; it needs a header row naming the columns, then one row per record"
        case .malformedHeader(let path, let line, let problem):
            "the header row of \(path) (line \(line)) cannot be read: \(problem)"
        case .unusableDelimiter(let byte):
            "delimiter byte \(byte) cannot separate fields; use one ASCII character such as ',' ';' or a tab"
        }
    }
}

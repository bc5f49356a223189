/// Why one CSV record could not be read. Carries positions only, never field contents.
public enum CSVRecordProblem: Error, Hashable, Sendable {
    /// The 1-based field holds bytes that are not UTF-8 (often Latin-1 or Windows-1252).
    case invalidUTF8(field: Int)
    /// A quoted field was still open at the end of the file.
    case unterminatedQuote
    /// A `"` inside a field that does not start with one.
    case strayQuote(field: Int)
    /// Something other than a delimiter or line end after a closing quote.
    case textAfterClosingQuote(field: Int)
    /// The record is longer than the reader's limit (field bytes plus delimiters).
    case tooLong(limit: Int)
    /// A NUL byte: the file is binary or UTF-16/UTF-32 without a BOM.
    case nulByte(field: Int)
}

extension CSVRecordProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidUTF8(let field):
            "field \(field) is not valid UTF-8; save the file as \"CSV UTF-8\""
        case .unterminatedQuote:
            "a quoted field is still open at the end of the file; the file looks truncated, export it again"
        case .strayQuote(let field):
            "field \(field) has a quote inside an unquoted value; quote the whole field and double inner quotes"
        case .textAfterClosingQuote(let field):
            "field \(field) has text after its closing quote; double any quote inside a quoted field"
        case .tooLong(let limit):
            "the record is longer than \(limit) bytes; check for an unbalanced quote or split the row"
        case .nulByte(let field):
            "field \(field) contains a NUL byte; the file is binary or UTF-16, save it as \"CSV UTF-8\""
        }
    }
}

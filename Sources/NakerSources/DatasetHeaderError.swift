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

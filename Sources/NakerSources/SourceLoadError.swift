/// A source could not be loaded at all; its last good data stays in use.
public enum SourceLoadError: Error, Hashable, Sendable {
    case file(source: String, CSVReaderError)
    case header(source: String, path: String, line: Int, DatasetHeaderError)
}

extension SourceLoadError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let source, let error):
            "source '\(source)': \(error)"
        case .header(let source, let path, let line, let error):
            "source '\(source)': header row of \(path) (line \(line)): \(error)"
        }
    }
}

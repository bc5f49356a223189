/// One thing wrong with a config file: where (key path, and line:column when YAML knows it) and
/// what to write instead.
public struct ConfigProblem: Hashable, Sendable, CustomStringConvertible {
    /// `targets[2].goal`; "" for the file as a whole.
    public var path: String
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(path: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = path.isEmpty ? message : "\(path): \(message)"
        if let line {
            text += column.map { " (line \(line):\($0))" } ?? " (line \(line))"
        }
        return text
    }
}

/// Why a config file could not be used; the description names every problem.
public enum ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, problems: [ConfigProblem])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read config file \(path): \(reason); check the path given to --config.file"
        case .invalid(let path, let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return (["config file \(path) has \(count):"] + problems.map { "  \($0)" })
                .joined(separator: "\n")
        }
    }

    public var problems: [ConfigProblem] {
        switch self {
        case .unreadable(let path, let reason): [ConfigProblem(path: "", message: "\(path): \(reason)")]
        case .invalid(_, let problems): problems
        }
    }
}

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

/// Key paths as people read them: `targets[2].goal`.
enum ConfigPath {
    static func render(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else if key.stringValue.hasPrefix("Index "), let index = Int(key.stringValue.dropFirst(6)) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}

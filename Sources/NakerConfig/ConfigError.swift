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

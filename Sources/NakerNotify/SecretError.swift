/// A secret that could not be resolved. Descriptions name the receiver, the field and the file
/// path or variable name, and say what to do; they never contain the value.
public enum SecretError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileUnreadable(receiver: String, field: String, path: String, reason: String)
    case fileTooLarge(receiver: String, field: String, path: String, limit: Int)
    case notUTF8(receiver: String, field: String, origin: String)
    case environmentUnset(receiver: String, field: String, variable: String)
    case empty(receiver: String, field: String, origin: String)

    public var description: String {
        switch self {
        case .fileUnreadable(let receiver, let field, let path, let reason):
            "receiver \(quoted(receiver)): cannot read the \(field) from the file \(path) (\(reason)); "
                + "create the file, make it readable by the service user, or fix the path in the config"
        case .fileTooLarge(let receiver, let field, let path, let limit):
            "receiver \(quoted(receiver)): the file \(path) for the \(field) is larger than \(limit) "
                + "bytes; it should hold only the value (and at most one trailing newline)"
        case .notUTF8(let receiver, let field, let origin):
            "receiver \(quoted(receiver)): the \(field) from \(origin) is not valid UTF-8 text; "
                + "store the value as plain UTF-8 text"
        case .environmentUnset(let receiver, let field, let variable):
            "receiver \(quoted(receiver)): the environment variable \(variable) for the \(field) is not "
                + "set; set it in the service's environment or fix the variable name in the config"
        case .empty(let receiver, let field, let origin):
            "receiver \(quoted(receiver)): the \(field) from \(origin) is empty; put the value there"
        }
    }
}

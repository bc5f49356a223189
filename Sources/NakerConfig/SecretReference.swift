import Foundation

/// Where a secret (a webhook URL, a header value, an HMAC key, a database password) comes from:
/// written in the config, a file (systemd `LoadCredential=`), or an environment variable. The value
/// is read only when it is needed, so a rotated credential takes effect at the next use.
///
/// `description`, `dump` and every error name the owner, the field and the file path or variable
/// name — never the value.
public struct SecretReference: Hashable, Sendable, CustomStringConvertible, CustomReflectable {
    public enum Location: Hashable, Sendable {
        /// The value as written in the config.
        case value(String)
        /// An absolute path; the file's content less one trailing newline (`\n` or `\r\n`).
        case file(String)
        /// The name of an environment variable; its value as is.
        case environment(String)
    }

    /// Files larger than this are not secrets but mistakes.
    public static let fileSizeLimit = 64 * 1024

    public var location: Location
    /// Who uses the secret, for errors: `receiver "ops"`.
    public var owner: String
    /// What the value is for, for errors: `url`, `header Authorization`, `hmac secret`.
    public var field: String

    public init(_ location: Location, owner: String, field: String) {
        self.location = location
        self.owner = owner
        self.field = field
    }

    /// The value. `environment` is the process environment unless a test passes its own.
    public func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SecretError) -> String {
        let value: String
        switch location {
        case .value(let text):
            value = text
        case .file(let path):
            value = try Self.stripOneNewline(readFile(path))
        case .environment(let name):
            guard let text = environment[name] else {
                throw .environmentUnset(owner: owner, field: field, variable: name)
            }
            value = text
        }
        guard !value.isEmpty else { throw .empty(owner: owner, field: field, origin: origin) }
        return value
    }

    public var description: String {
        "\(field) of \(owner) from \(origin)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["owner": owner, "field": field, "origin": origin])
    }

    /// Where the value is, in words: the inline value is not repeated.
    var origin: String {
        switch location {
        case .value: "the value written in the config"
        case .file(let path): "the file \(path)"
        case .environment(let name): "the environment variable \(name)"
        }
    }

    private func readFile(_ path: String) throws(SecretError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .fileUnreadable(owner: owner, field: field, path: path, reason: Self.errnoText())
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileUnreadable(owner: owner, field: field, path: path, reason: Self.errnoText())
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= Self.fileSizeLimit else {
                throw .fileTooLarge(owner: owner, field: field, path: path, limit: Self.fileSizeLimit)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(owner: owner, field: field, origin: origin)
        }
        return text
    }

    static func stripOneNewline(_ text: String) -> String {
        if text.hasSuffix("\r\n") || text.hasSuffix("\n") {
            // "\r\n" is one Character, so one removeLast drops either ending.
            return String(text.dropLast())
        }
        return text
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// A secret that could not be resolved. Descriptions name the owner, the field and the file path or
/// variable name, and say what to do; they never contain the value.
public enum SecretError: Error, Hashable, Sendable, CustomStringConvertible {
    case fileUnreadable(owner: String, field: String, path: String, reason: String)
    case fileTooLarge(owner: String, field: String, path: String, limit: Int)
    case notUTF8(owner: String, field: String, origin: String)
    case environmentUnset(owner: String, field: String, variable: String)
    case empty(owner: String, field: String, origin: String)

    public var description: String {
        switch self {
        case .fileUnreadable(let owner, let field, let path, let reason):
            "\(owner): cannot read the \(field) from the file \(path) (\(reason)); "
                + "create the file, make it readable by the service user, or fix the path in the config"
        case .fileTooLarge(let owner, let field, let path, let limit):
            "\(owner): the file \(path) for the \(field) is larger than \(limit) "
                + "bytes; it should hold only the value (and at most one trailing newline)"
        case .notUTF8(let owner, let field, let origin):
            "\(owner): the \(field) from \(origin) is not valid UTF-8 text; store the value as plain UTF-8 text"
        case .environmentUnset(let owner, let field, let variable):
            "\(owner): the environment variable \(variable) for the \(field) is not "
                + "set; set it in the service's environment or fix the variable name in the config"
        case .empty(let owner, let field, let origin) where origin.contains("/run/credentials/"):
            "\(owner): the \(field) from \(origin) is empty: its file under /etc was missing when the service "
                + "started; put the value in the file LoadCredential= names, then restart the service"
        case .empty(let owner, let field, let origin):
            "\(owner): the \(field) from \(origin) is empty; put the value there"
        }
    }
}

/// A name in double quotes with control characters escaped, for error texts.
package func quoted(_ text: String) -> String {
    String(reflecting: text)
}

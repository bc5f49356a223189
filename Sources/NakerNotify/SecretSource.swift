import Foundation

/// Where a receiver's secret value (URL, header value, HMAC secret) comes from: given inline, read
/// from a file (systemd `LoadCredential`), or taken from an environment variable.
///
/// `description` and errors name the receiver, the field, and the file path or variable name —
/// never the value.
public struct SecretSource: Equatable, Sendable, CustomStringConvertible, CustomReflectable {
    public enum Location: Equatable, Sendable {
        /// The value as written in the config.
        case inline(String)
        /// The file's content, less one trailing newline (`\n` or `\r\n`).
        case file(path: String)
        /// The variable's value, as is.
        case environment(name: String)
    }

    /// Files larger than this are not secrets but mistakes.
    public static let fileSizeLimit = 64 * 1024

    public var location: Location
    /// The receiver's name, for errors.
    public var receiver: String
    /// What the value is for, for errors: `url`, `header Authorization`, `hmac_secret`.
    public var field: String

    public init(_ location: Location, receiver: String, field: String) {
        self.location = location
        self.receiver = receiver
        self.field = field
    }

    /// The value. `environment` is the process environment unless a test passes its own.
    public func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SecretError) -> String {
        let value: String
        switch location {
        case .inline(let text):
            value = text
        case .file(let path):
            value = try Self.stripOneNewline(readFile(path))
        case .environment(let name):
            guard let text = environment[name] else {
                throw .environmentUnset(receiver: receiver, field: field, variable: name)
            }
            value = text
        }
        guard !value.isEmpty else { throw .empty(receiver: receiver, field: field, origin: origin) }
        return value
    }

    public var description: String {
        "\(field) of receiver \(quoted(receiver)) from \(origin)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["receiver": receiver, "field": field, "origin": origin])
    }

    /// Where the value is, in words: the inline value is not repeated.
    var origin: String {
        switch location {
        case .inline: "the value written in the config"
        case .file(let path): "the file \(path)"
        case .environment(let name): "the environment variable \(name)"
        }
    }

    private func readFile(_ path: String) throws(SecretError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .fileUnreadable(receiver: receiver, field: field, path: path, reason: Self.errnoText())
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileUnreadable(receiver: receiver, field: field, path: path, reason: Self.errnoText())
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= Self.fileSizeLimit else {
                throw .fileTooLarge(receiver: receiver, field: field, path: path, limit: Self.fileSizeLimit)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(receiver: receiver, field: field, origin: origin)
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

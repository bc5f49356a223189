import Foundation
import Yams

/// The `--web.config.file` of the Prometheus exporters (exporter-toolkit's keys and meaning):
/// TLS for the listener, extra response headers, and users with bcrypt password hashes
/// (docs/http.md). Paths inside resolve against the file's directory.
public struct WebConfig: Hashable, Sendable {
    public var tls: TLS?
    /// `http_server_config.headers`, added to every response.
    public var headers: [ResponseHeader] = []
    /// `basic_auth_users`: user name → bcrypt hash. Empty: no authentication.
    public var users: [String: String] = [:]

    public struct TLS: Hashable, Sendable {
        public var certificateFile: String
        public var keyFile: String
        public var clientAuth: ClientAuth = .none
        public var clientCAFile: String?
        public var minimumVersion: Version = .tls12
        public var maximumVersion: Version?
    }

    /// exporter-toolkit's `client_auth_type`, under Go's names.
    public enum ClientAuth: String, Hashable, Sendable, CaseIterable {
        case none = "NoClientCert"
        case request = "RequestClientCert"
        case requireAny = "RequireAnyClientCert"
        case verifyIfGiven = "VerifyClientCertIfGiven"
        case requireAndVerify = "RequireAndVerifyClientCert"

        /// Whether a client certificate is checked against `client_ca_file`.
        public var verifies: Bool { self == .verifyIfGiven || self == .requireAndVerify }
    }

    public enum Version: String, Hashable, Sendable, CaseIterable, Comparable {
        case tls10 = "TLS10"
        case tls11 = "TLS11"
        case tls12 = "TLS12"
        case tls13 = "TLS13"

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public struct ResponseHeader: Hashable, Sendable {
        public var name: String
        public var value: String
    }

    /// The headers exporter-toolkit lets a web config set, with the values it accepts (nil: any).
    static let settableHeaders: [String: [String]?] = [
        "Strict-Transport-Security": nil, "X-Content-Type-Options": ["nosniff"],
        "X-Frame-Options": ["deny", "sameorigin"], "X-XSS-Protection": nil,
    ]

    /// Every file the settings are read from, the web config itself first: a change to any of
    /// them means the settings are read again.
    public static func watchedFiles(path: String, config: WebConfig?) -> [String] {
        var files = [path]
        if let tls = config?.tls {
            files += [tls.certificateFile, tls.keyFile] + [tls.clientCAFile].compactMap { $0 }
        }
        return files
    }

    public static func load(path: String) throws(WebConfigError) -> WebConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "not readable as UTF-8 text" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var reader = WebConfigReader(directory: directory)
        let config = reader.read(yaml: text)
        guard let config, reader.problems.isEmpty else {
            throw .invalid(path: path, problems: reader.problems)
        }
        return config
    }

    public static func parse(yaml: String, baseDirectory: String) throws(WebConfigError) -> WebConfig {
        var reader = WebConfigReader(directory: baseDirectory)
        let config = reader.read(yaml: yaml)
        guard let config, reader.problems.isEmpty else {
            throw .invalid(path: "web config", problems: reader.problems)
        }
        return config
    }
}

/// Why a web config cannot be used; every problem names its key and what to write.
public enum WebConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, problems: [ConfigProblem])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the web config file \(path): \(reason); check the path given to --web.config.file"
        case .invalid(let path, let problems):
            ([
                "web config file \(path) has \(problems.count == 1 ? "1 problem" : "\(problems.count) problems"):"
            ]
                + problems.map { "  \($0)" }).joined(separator: "\n")
        }
    }
}

/// One pass over the YAML that collects every problem, as the main config's validation does.
struct WebConfigReader {
    let directory: String
    var problems: [ConfigProblem] = []

    mutating func read(yaml: String) -> WebConfig? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            problems.append(ConfigParser.syntaxProblem(error))
            return nil
        } catch {
            problems.append(ConfigProblem(path: "", message: "YAML: \(error)"))
            return nil
        }
        // An empty file is a valid web config: plain HTTP, no authentication (as exporter-toolkit).
        guard let root else { return WebConfig() }
        guard let top = mapping(root, "") else { return nil }
        var config = WebConfig()
        for (key, value) in top {
            switch key {
            case "tls_server_config": config.tls = tls(value)
            case "http_server_config": config.headers = httpServer(value)
            case "basic_auth_users": config.users = users(value)
            default:
                unknown(
                    key, "", known: ["tls_server_config", "http_server_config", "basic_auth_users"], value)
            }
        }
        return config
    }

    private mutating func tls(_ node: Node) -> WebConfig.TLS? {
        let path = "tls_server_config"
        guard let entries = mapping(node, path) else { return nil }
        var cert: String?
        var key: String?
        var clientAuth = WebConfig.ClientAuth.none
        var clientCA: String?
        var minimum = WebConfig.Version.tls12
        var maximum: WebConfig.Version?
        for (name, value) in entries {
            let keyPath = "\(path).\(name)"
            switch name {
            case "cert_file": cert = file(value, keyPath)
            case "key_file": key = file(value, keyPath)
            case "client_ca_file": clientCA = file(value, keyPath)
            case "client_auth_type":
                clientAuth = choice(value, keyPath, WebConfig.ClientAuth.self) ?? clientAuth
            case "min_version": minimum = choice(value, keyPath, WebConfig.Version.self) ?? minimum
            case "max_version": maximum = choice(value, keyPath, WebConfig.Version.self)
            case "cipher_suites", "curve_preferences", "prefer_server_cipher_suites", "client_allowed_sans",
                "cert", "key":
                problem(
                    keyPath,
                    "is not supported by naker-exporter; remove it (the TLS library's own cipher and curve "
                        + "choices apply, and certificates are read from cert_file and key_file)", value)
            default:
                unknown(
                    name, path,
                    known: [
                        "cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version",
                        "max_version",
                    ],
                    value)
            }
        }
        // exporter-toolkit: no certificate and no key means TLS is off.
        if cert == nil, key == nil, clientCA == nil, clientAuth == .none { return nil }
        guard let cert else {
            problem(
                "\(path).cert_file", "is required when TLS is configured; name the server certificate (PEM)",
                node)
            return nil
        }
        guard let key else {
            problem(
                "\(path).key_file",
                "is required when TLS is configured; name the certificate's private key (PEM)", node)
            return nil
        }
        if clientAuth.verifies, clientCA == nil {
            problem(
                "\(path).client_ca_file",
                "is required with client_auth_type \(clientAuth.rawValue); name the CA (PEM) that signs client certificates",
                node)
        }
        if clientCA != nil, clientAuth == .none {
            problem(
                "\(path).client_auth_type",
                "must be set when client_ca_file is; write RequireAndVerifyClientCert or VerifyClientCertIfGiven",
                node)
        }
        if let maximum, maximum < minimum {
            problem(
                "\(path).max_version",
                "is below min_version \(minimum.rawValue); raise it or lower min_version", node)
        }
        return WebConfig.TLS(
            certificateFile: cert, keyFile: key, clientAuth: clientAuth, clientCAFile: clientCA,
            minimumVersion: minimum, maximumVersion: maximum)
    }

    private mutating func httpServer(_ node: Node) -> [WebConfig.ResponseHeader] {
        let path = "http_server_config"
        guard let entries = mapping(node, path) else { return [] }
        var headers: [WebConfig.ResponseHeader] = []
        for (name, value) in entries {
            switch name {
            case "http2":
                // exporter-toolkit's switch for HTTP/2; this server speaks HTTP/1.1 either way.
                guard value.bool != nil else {
                    problem("\(path).http2", "must be true or false", value)
                    continue
                }
            case "headers":
                guard let fields = mapping(value, "\(path).headers") else { continue }
                for (field, fieldValue) in fields {
                    let keyPath = "\(path).headers.\(field)"
                    guard
                        let allowed = WebConfig.settableHeaders.first(where: {
                            $0.key.lowercased() == field.lowercased()
                        })
                    else {
                        let names = WebConfig.settableHeaders.keys.sorted().joined(separator: ", ")
                        problem(
                            keyPath, "cannot be configured; the settable headers are \(names)", fieldValue)
                        continue
                    }
                    guard let text = fieldValue.scalar?.string, !text.isEmpty,
                        !text.contains(where: { $0 == "\r" || $0 == "\n" })
                    else {
                        problem(keyPath, "must be one line of text", fieldValue)
                        continue
                    }
                    if let values = allowed.value, !values.contains(text.lowercased()) {
                        problem(keyPath, "must be one of \(values.joined(separator: ", "))", fieldValue)
                        continue
                    }
                    headers.append(WebConfig.ResponseHeader(name: allowed.key, value: text))
                }
            default: unknown(name, path, known: ["headers", "http2"], value)
            }
        }
        return headers
    }

    private mutating func users(_ node: Node) -> [String: String] {
        let path = "basic_auth_users"
        guard let entries = mapping(node, path) else { return [:] }
        var users: [String: String] = [:]
        for (name, value) in entries {
            let keyPath = "\(path).\(name)"
            guard !name.isEmpty, !name.contains(":") else {
                problem(keyPath, "a user name must not be empty or contain ':'", value)
                continue
            }
            guard let hash = value.scalar?.string, WebConfigReader.isBcrypt(hash) else {
                problem(
                    keyPath,
                    "must be a bcrypt hash ($2a$, $2b$ or $2y$, e.g. from htpasswd -nBC 10 \(name)), not a password",
                    value)
                continue
            }
            users[name] = hash
        }
        return users
    }

    /// `$2b$10$` + 53 characters of bcrypt's base64.
    static func isBcrypt(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 60, text.hasPrefix("$2a$") || text.hasPrefix("$2b$") || text.hasPrefix("$2y$"),
            let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost),
            bytes[6] == UInt8(ascii: "$")
        else { return false }
        return bytes[7...].allSatisfy {
            $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "/") || (0x30...0x39).contains($0)
                || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
        }
    }

    // MARK: Node helpers

    private mutating func mapping(_ node: Node, _ path: String) -> [(String, Node)]? {
        guard let map = node.mapping else {
            if let text = node.scalar?.string, ["", "~", "null"].contains(text) { return [] }
            problem(path, "must be a mapping (key: value)", node)
            return nil
        }
        var entries: [(String, Node)] = []
        for (key, value) in map {
            guard let name = key.scalar?.string else {
                problem(path, "keys must be plain names", key)
                continue
            }
            entries.append((name, value))
        }
        return entries
    }

    private mutating func file(_ node: Node, _ path: String) -> String? {
        guard let text = node.scalar?.string, !text.isEmpty else {
            problem(path, "must be a file path", node)
            return nil
        }
        return text.hasPrefix("/") ? text : URL(fileURLWithPath: directory).appendingPathComponent(text).path
    }

    private mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _: T.Type)
        -> T?
    where T.RawValue == String {
        if let text = node.scalar?.string, let value = T(rawValue: text) { return value }
        problem(path, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", node)
        return nil
    }

    private mutating func unknown(_ key: String, _ parent: String, known: [String], _ node: Node) {
        let path = parent.isEmpty ? key : "\(parent).\(key)"
        problem(path, "is not a web config key; the keys here are \(known.joined(separator: ", "))", node)
    }

    private mutating func problem(_ path: String, _ message: String, _ node: Node) {
        problems.append(
            ConfigProblem(
                path: path, message: message, line: node.mark.map { $0.line },
                column: node.mark.map { $0.column }))
    }
}

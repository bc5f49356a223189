import Crypto
import Foundation
import HummingbirdBcrypt
import Logging
import NIOCore
import NIOSSL
import NakerConfig
import NakerSources
import Synchronization

/// The `--web.config.file` in force: the TLS context for new connections, the users and the extra
/// headers. The file and the files it names are watched by their inode, size and times; a change
/// is read before the next connection or request uses the settings, so a renewed certificate or a
/// new user needs no restart. A change that cannot be used is logged once and the old settings stay.
public final class WebSecurity: Sendable {
    public struct Settings: Sendable {
        public var config: WebConfig
        /// nil: plain HTTP.
        var tls: TLSSettings?
        fileprivate var stamps: [FileFingerprint?]
    }

    struct TLSSettings: Sendable {
        var context: NIOSSLContext
        /// Client certificates asked for but not checked (`RequestClientCert`, `RequireAnyClientCert`).
        var acceptsAnyClientCertificate: Bool
    }

    let path: String
    private let logger: Logger
    private let state: Mutex<(settings: Settings, rejected: [FileFingerprint?]?)>
    let passwords = PasswordCheck()

    /// Reads the file; a file that cannot be used stops the start with the reason.
    public init(path: String, logger: Logger) throws(WebSecurityError) {
        self.path = path
        self.logger = logger
        state = Mutex((try Self.read(path: path), nil))
    }

    /// The settings, read again first when one of their files changed.
    public func current() -> Settings {
        let (settings, rejected) = state.withLock { ($0.settings, $0.rejected) }
        let stamps = Self.stamps(WebConfig.watchedFiles(path: path, config: settings.config))
        guard stamps != settings.stamps, stamps != rejected else { return settings }
        do {
            let renewed = try Self.read(path: path)
            state.withLock { $0 = (renewed, nil) }
            logger.info("web config reloaded", metadata: ["file": "\(path)", "tls": "\(renewed.tls != nil)"])
            return renewed
        } catch {
            state.withLock { $0.rejected = stamps }
            logger.error(
                "web config change not applied; the previous settings stay in force",
                metadata: ["file": "\(path)", "error": "\(error)"])
            return settings
        }
    }

    static func read(path: String) throws(WebSecurityError) -> Settings {
        // Stamps first: a file replaced while it is read is read again on the next use.
        let firstStamps = stamps([path])
        let config: WebConfig
        do { config = try WebConfig.load(path: path) } catch { throw .config(error) }
        let stamps =
            firstStamps + stamps(Array(WebConfig.watchedFiles(path: path, config: config).dropFirst()))
        return Settings(config: config, tls: try config.tls.map(makeTLS), stamps: stamps)
    }

    static func makeTLS(_ tls: WebConfig.TLS) throws(WebSecurityError) -> TLSSettings {
        func load<T>(_ file: String, _ what: String, _ body: () throws -> T) throws(WebSecurityError) -> T {
            do { return try body() } catch { throw .tlsFile(path: file, what: what, reason: "\(error)") }
        }
        let chain = try load(tls.certificateFile, "cert_file") {
            let certificates = try NIOSSLCertificate.fromPEMFile(tls.certificateFile)
            guard !certificates.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
            return certificates
        }
        let key = try load(tls.keyFile, "key_file") { try NIOSSLPrivateKey(file: tls.keyFile, format: .pem) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = tls.minimumVersion.nio
        configuration.maximumTLSVersion = tls.maximumVersion?.nio
        switch tls.clientAuth {
        case .none: configuration.certificateVerification = .none
        case .request, .verifyIfGiven: configuration.certificateVerification = .optionalVerification
        case .requireAny, .requireAndVerify: configuration.certificateVerification = .noHostnameVerification
        }
        if let ca = tls.clientCAFile {
            let roots = try load(ca, "client_ca_file") { try NIOSSLCertificate.fromPEMFile(ca) }
            configuration.trustRoots = .certificates(roots)
            configuration.sendCANameList = true
        }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return TLSSettings(
                context: context,
                acceptsAnyClientCertificate: tls.clientAuth == .request || tls.clientAuth == .requireAny)
        } catch {
            throw .tlsFile(
                path: tls.keyFile, what: "key_file",
                reason: "the key and certificate cannot be used together (\(error))")
        }
    }

    /// Each file's stat fingerprint (inode, size, times; nil when missing): a rotated certificate
    /// is a new inode (rename) or new times.
    static func stamps(_ paths: [String]) -> [FileFingerprint?] {
        paths.map { try? FileFingerprint(path: $0) }
    }

    /// The TLS handler of one new connection, nil for plain HTTP.
    func tlsHandler(_ settings: Settings) -> NIOSSLServerHandler? {
        guard let tls = settings.tls else { return nil }
        guard tls.acceptsAnyClientCertificate else { return NIOSSLServerHandler(context: tls.context) }
        return NIOSSLServerHandler(context: tls.context) { _, promise in promise.succeed(.certificateVerified)
        }
    }
}

/// Why the web config cannot be used; the description says what to fix.
public enum WebSecurityError: Error, CustomStringConvertible {
    case config(WebConfigError)
    case tlsFile(path: String, what: String, reason: String)

    public var description: String {
        switch self {
        case .config(let error): "\(error)"
        case .tlsFile(let path, let what, let reason):
            "web config tls_server_config.\(what): cannot use \(path): \(reason); "
                + "name a readable PEM file (certificate chain, unencrypted private key)"
        }
    }
}

/// Basic-auth passwords against bcrypt hashes. bcrypt is slow on purpose, so results are kept per
/// (user, hash, password) digest, as exporter-toolkit does, and checks run one at a time on a queue
/// of their own, never on the event loops or the task pool. An unknown user costs the same bcrypt
/// as a known one, so timing does not tell which users exist.
final class PasswordCheck: Sendable {
    private let results = Mutex<[Data: Bool]>([:])
    /// bcrypt computations so far (the cache's effect, for tests).
    let computations = Atomic<Int>(0)
    private static let queue = DispatchQueue(label: "naker-exporter.bcrypt")
    static let cacheLimit = 1024
    /// A hash of no password anyone knows, checked for unknown users.
    private static let decoy = Bcrypt.hash(UUID().uuidString, cost: 10)

    /// Whether the `Authorization` header names one of `users` with the right password.
    func allows(authorization: String?, users: [String: String]) async -> Bool {
        guard let (user, password) = Self.credentials(authorization) else { return false }
        let known = users[user]
        let hash = known ?? Self.decoy
        var digest = SHA256()
        for part in [user, hash, password] {
            digest.update(data: Array(part.utf8))
            digest.update(data: [0])
        }
        let key = Data(digest.finalize())
        if let cached = results.withLock({ $0[key] }) { return cached && known != nil }
        // Go's and PHP's `$2y$` is bcrypt's `$2b$` under another name.
        let normalized = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        computations.add(1, ordering: .relaxed)
        let matches = await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: normalized)) }
        }
        results.withLock {
            if $0.count >= Self.cacheLimit { $0.removeAll() }
            $0[key] = matches
        }
        return matches && known != nil
    }

    static func credentials(_ header: String?) -> (user: String, password: String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

extension WebConfig.Version {
    var nio: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }
}

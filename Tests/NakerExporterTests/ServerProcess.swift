import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Failures of the end-to-end helpers, with what the test needs to see why.
struct ServerTestError: Error, CustomStringConvertible {
    var description: String
}

/// A fresh temporary directory holding a copy of the example config and the sample CSV files, so a
/// test may edit or delete them. The config's `path: sample/x.csv` entries resolve against it.
final class Sandbox {
    let directory: URL

    /// - Parameter withSample: copy `Config/naker-exporter.yml` and `Config/sample/*.csv`.
    init(withSample: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("naker-e2e-\(UUID().uuidString)", isDirectory: true)
        let manager = FileManager.default
        try manager.createDirectory(
            at: directory.appendingPathComponent("sample"), withIntermediateDirectories: true)
        guard withSample else { return }
        try manager.copyItem(
            atPath: ExporterProcess.path("Config/naker-exporter.yml"), toPath: path("naker-exporter.yml"))
        let sample = ExporterProcess.path("Config/sample")
        for name in try manager.contentsOfDirectory(atPath: sample) where name.hasSuffix(".csv") {
            try manager.copyItem(atPath: sample + "/" + name, toPath: path("sample/" + name))
        }
    }

    var configPath: String { path("naker-exporter.yml") }

    func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    func write(_ text: String, to relative: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)))
    }

    /// Writes a sibling temporary file and renames it over `relative`, so a reader sees the old
    /// file or the new one, never a part.
    func replaceAtomically(_ text: String, at relative: String) throws {
        let target = path(relative)
        let temporary = target + ".tmp-\(UUID().uuidString)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, target) == 0 else {
            throw ServerTestError(description: "rename \(temporary) → \(target): errno \(errno)")
        }
    }

    func append(_ text: String, to relative: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(relative)))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path(relative))
    }

    func delete() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A loopback port nobody listens on right now: bind 127.0.0.1:0, read the port, close.
enum Loopback {
    /// A TCP connection to 127.0.0.1:`port`; the caller closes the descriptor.
    static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServerTestError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(socket)
            throw ServerTestError(description: "connect: errno \(code)")
        }
        return socket
    }

    /// SIGTERM, then SIGKILL after `grace` if the process lingers.
    static func stop(_ process: Process, grace: Duration = .seconds(10)) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if !eventually(timeout: grace, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerTestError(description: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw ServerTestError(description: "bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw ServerTestError(description: "getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// One HTTP response as curl saw it.
struct HTTPReply: Sendable {
    var status: Int
    /// Field names lower-cased; a repeated field keeps its last value.
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// HTTP through the `curl` CLI: no HTTP client in the test process, and curl without
/// `--compressed` hands a gzip body over as it came.
enum HTTP {
    /// curl failed before a whole response arrived (7: could not connect; 18: partial body;
    /// 52: empty reply; 56: receive failure).
    struct Failure: Error, CustomStringConvertible {
        var curlExitCode: Int32
        var message: String
        /// Some of the response (a status line at least) arrived before the failure.
        var responseStarted: Bool
        var bodyBytes: Int

        var couldNotConnect: Bool { curlExitCode == 7 }
        var description: String {
            "curl exited \(curlExitCode): \(message)"
                + (responseStarted ? " (after the response began, \(bodyBytes) body bytes)" : "")
        }
    }

    static let curl = "/usr/bin/curl"

    static func get(_ url: String, headers: [String] = [], options: [String] = []) throws -> HTTPReply {
        try request("GET", url, headers: headers, options: options)
    }

    static func post(_ url: String, headers: [String] = []) throws -> HTTPReply {
        try request("POST", url, headers: headers)
    }

    static func request(_ method: String, _ url: String, headers: [String] = [], options: [String] = [])
        throws -> HTTPReply
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "naker-curl-\(UUID().uuidString)")
        let headerFile = scratch.path + ".headers"
        let bodyFile = scratch.path + ".body"
        let errorFile = scratch.path + ".stderr"
        defer {
            for file in [headerFile, bodyFile, errorFile] { unlink(file) }
        }
        var arguments = ["-s", "-S", "--max-time", "20", "-X", method, "-D", headerFile, "-o", bodyFile]
        arguments += ["--stderr", errorFile]
        for header in headers { arguments += ["-H", header] }
        arguments += options + [url]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let rawHeaders = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        let body = (try? Data(contentsOf: URL(fileURLWithPath: bodyFile))) ?? Data()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
            throw Failure(
                curlExitCode: process.terminationStatus,
                message: message.trimmingCharacters(in: .whitespacesAndNewlines),
                responseStarted: !rawHeaders.isEmpty || !body.isEmpty, bodyBytes: body.count)
        }
        return try parse(headers: rawHeaders, body: body)
    }

    /// The last header block of `-D`'s file (an informational 1xx response comes first).
    static func parse(headers raw: String, body: Data) throws -> HTTPReply {
        let blocks = raw.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard let block = blocks.last else { throw ServerTestError(description: "no response headers") }
        let lines = block.split(separator: "\n", omittingEmptySubsequences: true)
        let statusLine = lines.first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw ServerTestError(description: "bad status line \(statusLine)")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPReply(status: status, headers: fields, body: body)
    }
}

/// Polls `condition` every `interval` until it holds or `timeout` passes; returns whether it held.
func eventually(
    timeout: Duration, interval: Duration = .milliseconds(100), _ condition: () throws -> Bool
) rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try condition() { return true }
        if clock.now >= deadline { return false }
        Thread.sleep(forTimeInterval: interval.secondsValue)
    }
}

extension Duration {
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// A value several threads update.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    var value: Value { mutex.withLock { $0 } }

    func update<Result>(_ change: (inout Value) -> Result) -> Result {
        mutex.withLock { change(&$0) }
    }
}

/// The built `naker-exporter serve` running against a sandbox on a free loopback port.
final class ServerProcess {
    let sandbox: Sandbox
    let port: Int
    let process: Process
    let stderrPath: String
    /// `https` when the web config turns TLS on.
    let scheme: String
    /// curl options every request of the test's own takes (a CA, credentials).
    let clientOptions: [String]

    /// Starts `serve` with the sandbox's config, its own storage directory and `extra` flags.
    /// - Parameters:
    ///   - environment: variables added to (or replacing some of) the test's own environment.
    ///   - ready: wait (up to 30 s) until `/-/ready` answers 200.
    ///   - openFiles: start under `ulimit -n` of this many descriptors.
    init(
        _ sandbox: Sandbox, port: Int? = nil, extra: [String] = [], name: String = "daemon",
        storagePath: String? = nil, environment: [String: String] = [:], ready: Bool = true,
        scheme: String = "http", clientOptions: [String] = [], openFiles: Int? = nil
    ) throws {
        self.sandbox = sandbox
        self.scheme = scheme
        self.clientOptions = clientOptions
        self.port = try port ?? Loopback.freePort()
        stderrPath = sandbox.path("\(name).stderr")
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: ExporterProcess.binary)
        process.currentDirectoryURL = sandbox.directory
        process.arguments =
            [
                "serve", "--config.file=\(sandbox.configPath)",
                "--web.listen-address=127.0.0.1:\(self.port)",
                "--storage.path=\(storagePath ?? sandbox.path("\(name)-state"))",
            ] + extra
        if let openFiles {
            // The shell sets soft and hard limit, then becomes the daemon (same pid).
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "ulimit -n \(openFiles) && exec \"$0\" \"$@\"", ExporterProcess.binary]
                + (process.arguments ?? [])
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        guard ready else { return }
        do {
            try waitUntilReady()
        } catch {
            stop()
            throw error
        }
    }

    var pid: Int32 { process.processIdentifier }
    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func waitUntilReady(timeout: Duration = .seconds(30)) throws {
        let ready = eventually(timeout: timeout) {
            guard process.isRunning else { return true }
            return (try? get("/-/ready").status) == 200
        }
        guard process.isRunning else {
            throw ServerTestError(
                description:
                    "the daemon exited with \(process.terminationStatus) before it was ready:\n\(stderr)"
            )
        }
        guard ready else { throw ServerTestError(description: "not ready within \(timeout):\n\(stderr)") }
    }

    func get(_ path: String, headers: [String] = [], options: [String] = []) throws -> HTTPReply {
        try HTTP.get(baseURL + path, headers: headers, options: clientOptions + options)
    }

    func post(_ path: String) throws -> HTTPReply {
        try HTTP.request("POST", baseURL + path, options: clientOptions)
    }

    /// A plain text scrape's body; throws unless the status is 200.
    func metrics() throws -> String {
        let reply = try get("/metrics")
        guard reply.status == 200 else {
            throw ServerTestError(description: "GET /metrics answered \(reply.status): \(reply.text)")
        }
        return reply.text
    }

    func sample(_ series: String) throws -> String? {
        ExporterProcess.sample(series, in: try metrics())
    }

    func signal(_ number: Int32) {
        if process.isRunning { kill(pid, number) }
    }

    /// The exit status, or nil if still running after `timeout`.
    func waitForExit(timeout: Duration) -> Int32? {
        _ = eventually(timeout: timeout, interval: .milliseconds(20)) { !process.isRunning }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM, then SIGKILL if it lingers; the sandbox is left to its owner.
    func stop() {
        guard process.isRunning else { return }
        signal(SIGTERM)
        if waitForExit(timeout: .seconds(5)) == nil {
            signal(SIGKILL)
            _ = waitForExit(timeout: .seconds(5))
        }
    }
}

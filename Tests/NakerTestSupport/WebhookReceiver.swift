import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one webhook receiver of the tests: a real HTTP server on 127.0.0.1 (Python's http.server
/// in a subprocess) that answers request N by step N of its script (the last step repeats) and
/// records every request as a JSON line: method, path, headers (lowercased names), body, its
/// answer, and — when given a secret — whether the HMAC signature verifies. Not running it is the
/// "receiver down" case (connection refused); it starts again on the same port and goes on with
/// the script where it stopped.
public final class WebhookReceiver {
    /// One scripted answer.
    public struct Step: Encodable, Sendable {
        public var status = 200
        public var headers: [String: String] = [:]
        public var body = ""
        /// Seconds to wait before answering.
        public var sleep = 0.0
        /// Answer with the request's path and headers echoed in the body (a careless receiver).
        public var echo = false
        /// Answer with this many bytes of body instead of `body`.
        public var bodySize = 0
        /// Read the request and never answer (the client's timeout ends it).
        public var hang = false

        public init(
            status: Int = 200, headers: [String: String] = [:], body: String = "", sleep: Double = 0,
            echo: Bool = false, bodySize: Int = 0, hang: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.sleep = sleep
            self.echo = echo
            self.bodySize = bodySize
            self.hang = hang
        }

        /// A short notation for scripts: `200`; `500` (echoing the request, as careless gateways
        /// do); `429:120` (with `Retry-After: 120`); `hang`. `"500,500,200"` is three steps.
        public static func script(_ text: String) -> [Step] {
            text.split(separator: ",").map { part in
                let item = part.trimmingCharacters(in: .whitespaces)
                if item == "hang" { return Step(hang: true) }
                let (code, retryAfter) = (
                    item.prefix(while: { $0 != ":" }), item.drop(while: { $0 != ":" }).dropFirst()
                )
                let status = Int(code) ?? 200
                return Step(
                    status: status, headers: retryAfter.isEmpty ? [:] : ["Retry-After": String(retryAfter)],
                    body: (200..<300).contains(status) ? #"{"ok":true}"# : "",
                    echo: !(200..<300).contains(status))
            }
        }

        enum CodingKeys: String, CodingKey {
            case status, headers, body, sleep, echo, hang
            case bodySize = "body_size"
        }
    }

    public struct Recorded: Decodable, Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String
        public var signatureOK: Bool?
        /// Unix time the request arrived.
        public var receivedAt: Double
        /// What the receiver did: the status code, or `hang`.
        public var answer: String

        public var idempotencyKey: String? { headers["idempotency-key"] }
        public var accepted: Bool { answer.hasPrefix("2") }

        /// The body as a JSON object (Alertmanager's webhook payload).
        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            else { throw ReceiverError.notJSON(body) }
            return object
        }

        enum CodingKeys: String, CodingKey {
            case method, path, headers, body, answer
            case signatureOK = "signature_ok"
            case receivedAt = "received_at"
        }
    }

    public let port: Int
    private let script: String
    private let secret: String
    private let directory: TemporaryDirectory
    private var process: Process?

    public var url: String { "http://127.0.0.1:\(port)" }

    public var isRunning: Bool { process?.isRunning ?? false }

    /// A receiver on a free port (or `port`), not started yet: its URL can go into a config first.
    public init(script: [Step], secret: String = "", port: Int? = nil) throws {
        self.port = try port ?? Self.freePort()
        self.script = String(decoding: try JSONEncoder().encode(script), as: UTF8.self)
        self.secret = secret
        directory = try TemporaryDirectory(prefix: "naker-receiver")
    }

    /// A receiver, started. The wait for it to listen suspends rather than blocks, so async
    /// suites running side by side keep the cooperative pool's threads (two on two cores).
    public convenience init(_ script: [Step], secret: String = "") async throws {
        try self.init(script: script, secret: secret)
        let ready = try launch()
        let deadline = ContinuousClock.now + .seconds(10)
        while try !isListening(ready, before: deadline) { try await Task.sleep(for: .milliseconds(10)) }
    }

    deinit {
        stop()
    }

    /// Starts the server and waits (up to 10 s) until it listens.
    public func start() throws {
        guard !isRunning else { return }
        let ready = try launch()
        let deadline = ContinuousClock.now + .seconds(10)
        while try !isListening(ready, before: deadline) { Thread.sleep(forTimeInterval: 0.01) }
    }

    /// Whether the server has written its `ready` file; throws once it died or `deadline` passed.
    private func isListening(_ ready: String, before deadline: ContinuousClock.Instant) throws -> Bool {
        if FileManager.default.fileExists(atPath: ready) { return true }
        guard ContinuousClock.now < deadline, isRunning else {
            stop()
            throw ReceiverError.didNotStart
        }
        return false
    }

    /// Starts the server process; returns the file it creates once it listens.
    private func launch() throws -> String {
        let ready = directory.file("ready")
        unlink(ready)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", Self.server, String(port), directory.file("requests.jsonl"), script, secret,
            ready,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        return ready
    }

    /// SIGKILL (a child spawned from a dispatch worker thread inherits its blocked signal mask, so
    /// SIGTERM may never arrive); afterwards the port refuses connections.
    public func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Every request received so far, in order.
    public func requests() throws -> [Recorded] {
        guard let text = try? String(contentsOfFile: directory.file("requests.jsonl"), encoding: .utf8) else {
            return []
        }
        var lines = text.split(separator: "\n")
        // A line still being written is left for the next call.
        if !text.hasSuffix("\n") && !lines.isEmpty { lines.removeLast() }
        return try lines.map { try JSONDecoder().decode(Recorded.self, from: Data($0.utf8)) }
    }

    /// The requests once at least `count` have arrived; throws when `seconds` pass first.
    public func waitForRequests(_ count: Int, within seconds: Double = 10) async throws -> [Recorded] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let recorded = try requests()
            if recorded.count >= count { return recorded }
            guard ContinuousClock.now < deadline else { throw ReceiverError.tooFewRequests(recorded.count) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    public enum ReceiverError: Error {
        case tooFewRequests(Int)
        case notJSON(String)
        case didNotStart
    }

    /// A port on 127.0.0.1 that was free a moment ago (bound, then closed again).
    public static func freePort() throws -> Int {
        let port = closedPort()
        guard port > 0 else { throw ReceiverError.didNotStart }
        return port
    }

    /// A port on 127.0.0.1 with nothing listening (bound, then closed again).
    public static func closedPort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socket, raw, length)
                return getsockname(socket, raw, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static let server = """
        import hashlib, hmac, http.server, json, os, signal, sys, threading, time

        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])

        port, log_file, steps, secret, ready = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
        lock = threading.Lock()
        # Requests logged by an earlier run on this port count: a restart goes on with the script.
        try:
            with open(log_file) as log:
                count = [sum(1 for _ in log)]
        except OSError:
            count = [0]

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length) if length else b""
                with lock:
                    step = steps[min(count[0], len(steps) - 1)] if steps else {"status": 200}
                    count[0] += 1
                    record = {
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body.decode("utf-8", "replace"),
                        "received_at": time.time(),
                        "answer": "hang" if step.get("hang") else str(step.get("status", 200)),
                    }
                    if secret:
                        stamp = self.headers.get("X-Naker-Timestamp", "")
                        message = stamp.encode() + b"." + body
                        digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
                        given = self.headers.get("X-Naker-Signature", "")
                        record["signature_ok"] = hmac.compare_digest("sha256=" + digest, given)
                    with open(log_file, "a") as log:
                        log.write(json.dumps(record) + "\\n")
                if step.get("hang"):
                    time.sleep(600)
                    return
                time.sleep(step.get("sleep", 0))
                if step.get("echo"):
                    echoed = {"error": "rejected", "path": self.path, "headers": dict(self.headers.items())}
                    data = json.dumps(echoed).encode()
                elif step.get("body_size"):
                    data = b"x" * step["body_size"]
                else:
                    data = step.get("body", "").encode()
                try:
                    self.send_response(step.get("status", 200))
                    for name, value in step.get("headers", {}).items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

            do_POST = do_GET = do_PUT = handle_any

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

        server = Server(("127.0.0.1", port), Handler)
        with open(ready, "w") as out:
            out.write(str(port))
        server.serve_forever()
        """
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP receiver on 127.0.0.1 (Python's http.server in a subprocess) that answers each
/// request by the next step of its script (the last step repeats) and records every request as
/// a JSON line: method, path, headers (lowercased names), body, and — when given a secret —
/// whether the HMAC signature verifies.
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

        public init(
            status: Int = 200, headers: [String: String] = [:], body: String = "", sleep: Double = 0,
            echo: Bool = false, bodySize: Int = 0
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.sleep = sleep
            self.echo = echo
            self.bodySize = bodySize
        }

        enum CodingKeys: String, CodingKey {
            case status, headers, body, sleep, echo
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

        enum CodingKeys: String, CodingKey {
            case method, path, headers, body
            case signatureOK = "signature_ok"
            case receivedAt = "received_at"
        }
    }

    public let port: Int
    private let process: Process
    private let directory: TemporaryDirectory

    public var url: String { "http://127.0.0.1:\(port)" }

    public init(_ script: [Step], secret: String = "") async throws {
        directory = try TemporaryDirectory()
        let portFile = directory.file("port")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let steps = String(decoding: try JSONEncoder().encode(script), as: UTF8.self)
        process.arguments = [
            "python3", "-c", Self.server, portFile, directory.file("requests.jsonl"), steps, secret,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: portFile) {
            guard Date() < deadline, process.isRunning else { throw ReceiverError.didNotStart }
            try await Task.sleep(for: .milliseconds(10))
        }
        port = Int(try String(contentsOfFile: portFile, encoding: .utf8)) ?? 0
    }

    /// SIGKILL: a child spawned from a dispatch worker thread inherits its blocked signal mask, so
    /// SIGTERM may never arrive.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Every request received so far, in order.
    public func requests() throws -> [Recorded] {
        let path = directory.file("requests.jsonl")
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n")
            .map { try JSONDecoder().decode(Recorded.self, from: Data($0.utf8)) }
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
        case didNotStart
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

        port_file, log_file, steps, secret = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
        lock = threading.Lock()
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
                    }
                    if secret:
                        stamp = self.headers.get("X-Naker-Timestamp", "")
                        message = stamp.encode() + b"." + body
                        digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
                        given = self.headers.get("X-Naker-Signature", "")
                        record["signature_ok"] = hmac.compare_digest("sha256=" + digest, given)
                    with open(log_file, "a") as log:
                        log.write(json.dumps(record) + "\\n")
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

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        with open(port_file + ".tmp", "w") as out:
            out.write(str(server.server_address[1]))
        os.rename(port_file + ".tmp", port_file)
        server.serve_forever()
        """
}

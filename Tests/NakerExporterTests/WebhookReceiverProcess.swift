import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real webhook receiver for the end-to-end alerting tests: a small Python HTTP server on
/// 127.0.0.1 that appends every request it gets (method, path, headers, body, its answer) as a JSON
/// line to a log file and answers as a mode file says, read per request. Not running it is the
/// "receiver down" case (connection refused); it can be started again on the same port.
final class WebhookReceiverProcess {
    /// One request the receiver got, as it logged it.
    struct Request: Decodable, Sendable {
        var method: String
        /// The request target as sent: path and query.
        var path: String
        /// Field names lower-cased.
        var headers: [String: String]
        var body: String
        /// What the receiver did: a status code such as `200` or `500`, or `hang`.
        var answer: String
        /// Unix time the request was read.
        var time: Double

        var idempotencyKey: String? { headers["idempotency-key"] }
        var accepted: Bool { answer.hasPrefix("2") }

        /// The body as a JSON object (Alertmanager's webhook payload).
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            else { throw ServerTestError(description: "not a JSON object: \(body)") }
            return object
        }
    }

    /// Modes: `200` (or any status) answers every request so; a comma-separated list such as
    /// `500,500,200` answers the next requests in turn and keeps the last one; `hang` reads the
    /// request and never answers (the daemon's timeout ends it). An error answer echoes the
    /// request's URL back, as some chat gateways do, so a test can see that the daemon redacts it.
    static let script = #"""
        import http.server, json, os, sys, threading, time

        port, log_path, mode_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        lock = threading.Lock()


        def next_mode():
            with lock:
                try:
                    with open(mode_path) as handle:
                        text = handle.read()
                except OSError:
                    text = ""
                modes = [part.strip() for part in text.split(",") if part.strip()] or ["200"]
                if len(modes) > 1:
                    with open(mode_path + ".next", "w") as handle:
                        handle.write(",".join(modes[1:]))
                    os.replace(mode_path + ".next", mode_path)
                return modes[0]


        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                mode = next_mode()
                entry = {
                    "method": self.command, "path": self.path,
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                    "body": body.decode("utf-8", "replace"), "answer": mode, "time": time.time(),
                }
                with lock:
                    with open(log_path, "a", encoding="utf-8") as handle:
                        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
                if mode == "hang":
                    time.sleep(600)
                    return
                # "429:120" answers 429 with Retry-After: 120.
                code, _, retry_after = mode.partition(":")
                status = int(code) if code.isdigit() else 200
                if 200 <= status < 300:
                    reply = {"ok": True}
                else:
                    url = "http://" + self.headers.get("Host", "") + self.path
                    reply = {"ok": False, "error": "no route for " + url, "path": self.path}
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if retry_after:
                    self.send_header("Retry-After", retry_after)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = handle_any


        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True


        server = Server(("127.0.0.1", port), Handler)
        with open(log_path + ".ready", "w") as handle:
            handle.write(str(port))
        server.serve_forever()
        """#

    let port: Int
    let logPath: String
    let modePath: String
    private var process: Process?

    /// Prepares a receiver (not started) whose files live in `directory`.
    /// - Parameters:
    ///   - port: the loopback port; a free one by default.
    ///   - mode: the initial mode (see `script`).
    init(directory: URL, port: Int? = nil, mode: String = "200") throws {
        self.port = try port ?? Loopback.freePort()
        logPath = directory.appendingPathComponent("receiver-\(self.port).jsonl").path
        modePath = directory.appendingPathComponent("receiver-\(self.port).mode").path
        try setMode(mode)
    }

    deinit {
        stop()
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// `http://127.0.0.1:PORT` followed by `pathAndQuery`.
    func url(_ pathAndQuery: String) -> String {
        "http://127.0.0.1:\(port)\(pathAndQuery)"
    }

    /// Replaces the mode file in one rename, so the receiver never reads half of it.
    func setMode(_ mode: String) throws {
        let temporary = modePath + ".tmp"
        try Data(mode.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, modePath) == 0 else {
            throw ServerTestError(description: "rename \(temporary) → \(modePath): errno \(errno)")
        }
    }

    /// Starts the server and waits (up to 10 s) until it listens.
    func start() throws {
        guard !isRunning else { return }
        let ready = logPath + ".ready"
        unlink(ready)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, String(port), logPath, modePath]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = logPath + ".stderr"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        self.process = process
        let listening = eventually(timeout: .seconds(10), interval: .milliseconds(50)) {
            !process.isRunning || FileManager.default.fileExists(atPath: ready)
        }
        guard listening, process.isRunning else {
            stop()
            throw ServerTestError(description: "the webhook receiver did not start on port \(port)")
        }
    }

    /// SIGTERM, then SIGKILL if it lingers; afterwards the port refuses connections.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let ended = eventually(timeout: .seconds(5), interval: .milliseconds(20)) { !process.isRunning }
        if !ended {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Every request logged so far, oldest first.
    func requests() throws -> [Request] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n")
        // A line still being written is left for the next call.
        if !text.hasSuffix("\n") && !lines.isEmpty { lines.removeLast() }
        let decoder = JSONDecoder()
        return try lines.map { line in
            try decoder.decode(Request.self, from: Data(line.utf8))
        }
    }
}

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Raw HTTP/1 exchanges with the daemon, for what clients rely on at the connection level.
@Suite(.serialized)
struct HTTPProtocolTests {
    struct Exchange {
        /// The response head's lines, the status line first.
        var head: [String]
        /// Whether the server closed the connection (within the wait) after answering.
        var closed: Bool

        var statusLine: String { head.first ?? "" }

        func header(_ name: String) -> String? {
            head.dropFirst().first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
                String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// Sends `request` as is and reads the response. Once it is complete (head and
    /// `Content-Length` bytes), waits up to `linger` seconds for the server to close: a close
    /// ends the wait at once, so a long `linger` costs time only when the connection stays open.
    static func exchange(_ request: [UInt8], port: Int, linger: Double = 0) throws -> Exchange {
        let socket = try Loopback.connect(port: port)
        defer { close(socket) }
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        let isHead = request.starts(with: Array("HEAD ".utf8))
        var received: [UInt8] = []
        var closed = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var deadline = Date().addingTimeInterval(10)
        var complete = false
        while Date() < deadline {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let wait = max(0, deadline.timeIntervalSinceNow)
            guard poll(&poller, 1, Int32(wait * 1000)) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                // 0: closed; ECONNRESET: closed while the request was still being sent.
                closed = count == 0 || errno == ECONNRESET
                break
            }
            received += buffer[0..<count]
            if !complete, Self.isComplete(received, head: isHead) {
                complete = true
                deadline = Date().addingTimeInterval(linger)
            }
        }
        let text = String(decoding: received, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        return Exchange(head: head.components(separatedBy: "\r\n"), closed: closed)
    }

    /// Whether `bytes` hold a whole response: the head, then `Content-Length` bytes (none for HEAD).
    static func isComplete(_ bytes: [UInt8], head isHead: Bool) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let length = text[..<end.lowerBound].components(separatedBy: "\r\n").dropFirst()
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
        guard let length else { return false }
        return isHead || text.utf8.distance(from: end.upperBound, to: text.endIndex) >= length
    }

    static func exchange(_ request: String, port: Int, linger: Double = 0) throws -> Exchange {
        try exchange(Array(request.utf8), port: port, linger: linger)
    }

    /// Sends `requests` back to back on one connection (pipelined) and reads one response per
    /// request: each response's status line, headers and body, in the order they came.
    static func pipelined(_ requests: [String], port: Int) throws -> [(head: [String], body: [UInt8])] {
        let socket = try Loopback.connect(port: port)
        defer { close(socket) }
        let bytes = Array(requests.joined().utf8)
        _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var responses: [(head: [String], body: [UInt8])] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(10)
        while responses.count < requests.count, Date() < deadline {
            // Take every whole response at the front of what has arrived.
            while responses.count < requests.count,
                let end = received.firstRange(of: Array("\r\n\r\n".utf8))
            {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).components(
                    separatedBy: "\r\n")
                let length =
                    head.dropFirst().first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap {
                        Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                    } ?? 0
                let bodyLength = requests[responses.count].hasPrefix("HEAD ") ? 0 : length
                guard received.count - end.upperBound >= bodyLength else { break }
                responses.append((head, Array(received[end.upperBound..<end.upperBound + bodyLength])))
                received.removeFirst(end.upperBound + bodyLength)
            }
            guard responses.count < requests.count else { break }
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(0, deadline.timeIntervalSinceNow) * 1000)) > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return responses
    }

    /// Scrapes are answered without the router, next to requests the router answers: on one
    /// connection the answers keep the order of the requests, and a scrape is framed, negotiated
    /// and closed like any other answer.
    @Test func scrapesAndOtherRequestsShareAConnectionInOrder() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        let host = "Host: x\r\n"
        let requests = [
            "GET /api/v1/status HTTP/1.1\r\n\(host)\r\n",
            "GET /metrics HTTP/1.1\r\n\(host)\r\n",
            "HEAD /metrics HTTP/1.1\r\n\(host)\r\n",
            "GET /-/healthy HTTP/1.1\r\n\(host)\r\n",
            "GET /metrics?debug=1 HTTP/1.1\r\n\(host)Accept-Encoding: gzip\r\n\r\n",
            "GET /metrics HTTP/1.1\r\n\(host)Accept: application/openmetrics-text; version=1.0.0\r\n\r\n",
            "POST /metrics HTTP/1.1\r\n\(host)Content-Length: 0\r\n\r\n",
            "GET / HTTP/1.1\r\n\(host)\r\n",
            "GET /metrics HTTP/1.1\r\n\(host)\r\n",
        ]
        let answers = try Self.pipelined(requests, port: server.port)
        #expect(answers.count == requests.count)
        guard answers.count == requests.count else { return }
        func header(_ index: Int, _ name: String) -> String? {
            answers[index].head.dropFirst().first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
                String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
        let statuses = answers.map { $0.head.first ?? "" }
        #expect(
            statuses == [
                "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK",
                "HTTP/1.1 200 OK", "HTTP/1.1 405 Method Not Allowed", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK",
            ])
        #expect(header(0, "Content-Type") == "application/json")
        let text = String(decoding: answers[1].body, as: UTF8.self)
        #expect(header(1, "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(text.contains("naker_source_up{source=\"wub\"} 1\n"))
        #expect(header(1, "Date")?.hasSuffix(" GMT") == true)
        // HEAD: the same length, no body.
        #expect(header(2, "Content-Length") == "\(answers[1].body.count)" && answers[2].body.isEmpty)
        #expect(String(decoding: answers[3].body, as: UTF8.self) == "Healthy.\n")
        #expect(header(4, "Content-Encoding") == "gzip" && answers[4].body.starts(with: [0x1F, 0x8B]))
        #expect(header(5, "Content-Type")?.hasPrefix("application/openmetrics-text") == true)
        #expect(String(decoding: answers[5].body, as: UTF8.self).hasSuffix("# EOF\n"))
        #expect(header(6, "Allow") == "GET, HEAD")
        #expect(header(7, "Content-Type") == "text/html; charset=utf-8")
        #expect(
            String(decoding: answers[8].body, as: UTF8.self).contains("naker_source_up{source=\"wub\"} 1\n"))

        // A scrape that closes the connection, and one of HTTP/1.0 without keep-alive.
        let close = try Self.exchange(
            "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: server.port, linger: 5)
        #expect(
            close.statusLine == "HTTP/1.1 200 OK" && close.header("Connection") == "close" && close.closed)
        let old = try Self.exchange("GET /metrics HTTP/1.0\r\n\r\n", port: server.port, linger: 5)
        #expect(old.statusLine == "HTTP/1.1 200 OK" && old.header("Connection") == "close" && old.closed)
        #expect(server.process.isRunning)
    }

    @Test func connectionRulesAndStatuses() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        let port = server.port

        // HTTP/1.0 without keep-alive, and Connection: close, are answered and closed.
        let old = try Self.exchange("GET /-/healthy HTTP/1.0\r\n\r\n", port: port, linger: 5)
        #expect(old.statusLine == "HTTP/1.1 200 OK")
        #expect(old.header("Connection") == "close" && old.closed, "\(old)")
        let close = try Self.exchange(
            "GET /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port, linger: 5)
        #expect(close.header("Connection") == "close" && close.closed, "\(close)")
        // Keep-alive stays open. A server that closes after answering does so within
        // milliseconds on loopback (as above), so one quiet second is enough to tell.
        let kept = try Self.exchange("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n", port: port, linger: 1)
        #expect(kept.statusLine == "HTTP/1.1 200 OK" && !kept.closed, "\(kept)")
        let keptOld = try Self.exchange(
            "GET /-/healthy HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", port: port, linger: 1)
        #expect(keptOld.header("Connection") == nil && !keptOld.closed, "\(keptOld)")
        // HEAD is framed by its Content-Length with no body (statuses and methods per path are
        // MetricsServerTests', in process).
        let head = try Self.exchange("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n", port: port, linger: 1)
        #expect(head.statusLine == "HTTP/1.1 200 OK" && !head.closed, "\(head)")

        // Oversized request lines and headers, and codings the server cannot read.
        let long = try Self.exchange(
            "GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", port: port,
            linger: 5)
        #expect(long.statusLine == "HTTP/1.1 414 URI Too Long" && long.closed, "\(long)")
        let big = try Self.exchange(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n",
            port: port, linger: 5)
        #expect(big.statusLine == "HTTP/1.1 431 Request Header Fields Too Large" && big.closed, "\(big)")
        let huge = try Self.exchange(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n",
            port: port)
        #expect(huge.statusLine == "HTTP/1.1 431 Request Header Fields Too Large", "\(huge)")
        let coding = try Self.exchange(
            "POST /-/reload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n", port: port, linger: 5
        )
        #expect(coding.statusLine == "HTTP/1.1 501 Not Implemented" && coding.closed, "\(coding)")
        let chunked = try Self.exchange(
            "POST /-/reload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", port: port)
        #expect(chunked.statusLine == "HTTP/1.1 403 Forbidden", "chunked bodies are read: \(chunked)")

        // None of it hurt the daemon.
        #expect(try server.get("/-/healthy").status == 200)
        #expect(server.process.isRunning)
    }
}

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Raw TCP connections to the daemon that a hostile or broken client would hold.
final class ClientConnections {
    let port: Int
    private(set) var sockets: [Int32] = []

    init(port: Int) {
        self.port = port
    }

    /// Opens `count` more connections; `first` is sent on each (nothing when empty).
    func open(_ count: Int, sending first: String = "") throws {
        for _ in 0..<count {
            let socket = try Loopback.connect(port: port)
            sockets.append(socket)
            if !first.isEmpty { send(first, on: socket) }
        }
    }

    func send(_ text: String, on socket: Int32) {
        _ = Array(text.utf8).withUnsafeBytes {
            Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
    }

    /// Whether the server has closed this connection (end of stream or reset).
    func isClosed(_ socket: Int32) -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        let count = recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    var open: [Int32] { sockets.filter { !isClosed($0) } }

    func closeAll() {
        for socket in sockets { close(socket) }
        sockets = []
    }
}

/// Clients that dribble, idle or crowd cannot starve scrapes, sources or webhooks, and the daemon
/// gives their memory back when they go.
@Suite(.serialized)
struct HostileClientTests {
    /// Anonymous resident memory in KiB, from /proc: what connections take (buffers, channel
    /// state). File pages (the program's code) are left out: the daemon hands back the ones
    /// starting up used, and those a crowd makes it run come back, as code does.
    static func anonymousKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try body()
        return (value, (ContinuousClock.now - start).secondsValue)
    }

    @Test func slowHeadersAreCutOffByTheReadTimeoutWhileScrapesGoOn() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        let clients = ClientConnections(port: server.port)
        defer { clients.closeAll() }

        // 200 slowloris clients: a request line, then one header line a second, never the end.
        try clients.open(200, sending: "GET /metrics HTTP/1.1\r\nHost: x\r\n")
        var scrapes: [(status: Int, seconds: Double)] = []
        let clock = ContinuousClock()
        let start = clock.now
        var allCut = false
        while clock.now - start < .seconds(30) {
            for socket in clients.open { clients.send("X-Dribble: a\r\n", on: socket) }
            if scrapes.count < 5 {
                let (reply, seconds) = try Self.timed { try server.get("/metrics") }
                scrapes.append((reply.status, seconds))
            }
            if clients.open.isEmpty {
                allCut = true
                break
            }
            Thread.sleep(forTimeInterval: 1)
        }
        let cutAfter = (clock.now - start).secondsValue
        print("slowloris: 200 cut after \(cutAfter) s; scrapes meanwhile \(scrapes)")
        #expect(allCut, "\(clients.open.count) dribbling connections still open after \(cutAfter) s")
        #expect(cutAfter >= 9, "the read timeout is 10 s, not sooner: \(cutAfter)")
        #expect(scrapes.count == 5 && scrapes.allSatisfy { $0.status == 200 }, "\(scrapes)")

        // A connection that never sends a byte is cut off the same way.
        try clients.open(1)
        let silent = try #require(clients.sockets.last)
        #expect(eventually(timeout: .seconds(20)) { clients.isClosed(silent) })

        // A 1 MB header is refused with 431, and none of it hurt the daemon.
        let huge = try HTTPProtocolTests.exchange(
            "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 1_048_576)
                + "\r\n\r\n",
            port: server.port)
        #expect(huge.statusLine == "HTTP/1.1 431 Request Header Fields Too Large", "\(huge)")
        let body = try HTTPProtocolTests.exchange(
            "POST /-/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n", port: server.port)
        #expect(body.statusLine == "HTTP/1.1 413 Payload Too Large", "\(body)")
        #expect(try server.get("/-/healthy").status == 200)
    }

    @Test func elevenHundredIdleConnectionsUnder1024DescriptorsLeaveEverythingWorking() throws {
        // The test holds the crowd's descriptors itself: raise its own soft limit to the hard one.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        try #require(
            limit.rlim_cur >= 1500, "the test needs 1,500 descriptors; its hard limit is \(limit.rlim_max)")
        let setup = try AlertDeliveryTests.Setup()
        defer { setup.delete() }
        let server = try ServerProcess(
            setup.sandbox, environment: setup.environment, openFiles: 1024)
        defer { server.stop() }
        let idle = try #require(Self.anonymousKiB(server.pid))
        let clients = ClientConnections(port: server.port)
        defer { clients.closeAll() }

        // More idle clients than descriptors; those the daemon closes come back at once.
        try clients.open(1100)
        func refill() throws {
            let closed = clients.sockets.count - clients.open.count
            if closed > 0 { try clients.open(min(closed, 200)) }
        }
        // Webhooks: the receiver comes up only now, so the delivery happens during the crowd.
        try setup.receiver.start()
        try AlertDeliveryTests.waitFor("a notification delivered during the crowd", server: server) {
            try refill()
            return try !AlertDeliveryTests.accepted(setup.receiver).isEmpty
        }
        // Scrapes.
        let (scrape, seconds) = try Self.timed { try server.get("/metrics") }
        #expect(scrape.status == 200, "\(scrape.status)")
        // Sources: a touched file is opened and read again on SIGHUP.
        let before = try #require(try server.sample("naker_recalcs_total").flatMap(Double.init))
        #expect(utimes(setup.sandbox.path("sample/job_seekers.csv"), nil) == 0)
        server.signal(SIGHUP)
        try AlertDeliveryTests.waitFor("a recalculation during the crowd", server: server) {
            try refill()
            return try server.sample("naker_recalcs_total").flatMap(Double.init).map { $0 > before } ?? false
        }
        let metrics = try server.metrics()
        let down = metrics.split(separator: "\n").filter {
            $0.hasPrefix("naker_source_up{") && !$0.hasSuffix(" 1")
        }
        #expect(down.isEmpty, "\(down)")
        let peak = try #require(Self.anonymousKiB(server.pid))
        #expect(server.stderr.contains("connection limit reached"), "\(server.stderr.suffix(2000))")
        #expect(!server.stderr.contains("Too many open files"), "\(server.stderr.suffix(2000))")
        #expect(server.process.isRunning)

        // The crowd leaves; the memory comes back.
        clients.closeAll()
        var after = peak
        let returned = eventually(timeout: .seconds(30), interval: .milliseconds(500)) {
            _ = try? server.get("/-/healthy")
            after = Self.anonymousKiB(server.pid) ?? after
            return after <= idle + 8 * 1024
        }
        print(
            "1,100 idle connections: anonymous resident \(idle) KiB idle, \(peak) KiB in the crowd, \(after) KiB after; scrape in the crowd \(seconds) s"
        )
        #expect(returned, "anonymous resident \(idle) KiB idle, \(peak) KiB in the crowd, \(after) KiB after")
    }
}

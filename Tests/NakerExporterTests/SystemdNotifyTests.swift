import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The sd_notify protocol as systemd would see it: a datagram socket of our own in
/// NOTIFY_SOCKET, with WATCHDOG_USEC set, and the daemon's messages read off it.
@Suite(.serialized)
struct SystemdNotifyTests {
    /// A bound AF_UNIX datagram socket in a temp directory.
    final class NotifySocket {
        let path: String
        let descriptor: Int32

        init() throws {
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "naker-notify-\(UUID().uuidString.prefix(8))"
                ).path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            #expect(bound == 0)
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        /// The next datagram, or nil after 200 ms of silence.
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : nil
        }

        /// Messages until `done` says stop or the deadline passes.
        func collect(for seconds: Double, until done: ([String]) -> Bool = { _ in false }) -> [String] {
            var messages: [String] = []
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline, !done(messages) {
                if let message = receive() { messages.append(message) }
            }
            return messages
        }

        deinit {
            close(descriptor)
            unlink(path)
        }
    }

    @Test func readyAfterTheFirstRecalculationThenWatchdogAndReload() throws {
        let notify = try NotifySocket()
        let port = try Loopback.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExporterProcess.binary)
        let storage = FileManager.default.temporaryDirectory.appendingPathComponent("naker-state-\(UUID())")
        process.arguments = [
            "serve", "--config.file=\(OnceCommandTests.config)", "--web.listen-address=127.0.0.1:\(port)",
            "--storage.path=\(storage.path)",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = "1000000"
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: storage)
        }

        let untilReady = notify.collect(for: 30) { $0.contains { $0.hasPrefix("READY=1") } }
        #expect(untilReady.last?.hasPrefix("READY=1") == true, "\(untilReady)")
        // READY=1 means a recalculation is done: its counter is already 1 or more.
        let metrics = try ExporterProcess.run("/usr/bin/curl", ["-s", "http://127.0.0.1:\(port)/metrics"])
        let recalcs =
            ExporterProcess.sample("naker_recalcs_total", in: metrics.stdout).flatMap(Double.init) ?? 0
        #expect(recalcs >= 1)

        // WATCHDOG_USEC=1s: a keep-alive every half second.
        let watchdog = notify.collect(for: 2.2).filter { $0 == "WATCHDOG=1" }
        #expect(watchdog.count >= 3, "\(watchdog.count) keep-alives in 2.2 s")

        kill(process.processIdentifier, SIGHUP)
        let reload = notify.collect(for: 5) { $0.contains { $0.hasPrefix("READY=1") } }.filter {
            $0 != "WATCHDOG=1"
        }
        #expect(reload.count == 2, "\(reload)")
        #expect(reload.first?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
        #expect(reload.last?.hasPrefix("READY=1") == true)

        kill(process.processIdentifier, SIGTERM)
        let stopping = notify.collect(for: 5) { $0.contains("STOPPING=1") }
        #expect(stopping.contains("STOPPING=1"))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

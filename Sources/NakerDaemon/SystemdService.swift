import Foundation
import NakerCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Tells systemd when the daemon is ready (after its first recalculation) and, when a watchdog
/// is configured, keeps it fed for as long as the recalculation loop is alive.
public struct SystemdService: Service {
    let notifier: SystemdNotifier
    let state: ExporterState
    /// The loop ticks every second; silence for this long means it is stuck.
    let stalledAfter: Double
    let clock: any ServiceClock

    public init(
        notifier: SystemdNotifier, state: ExporterState, stalledAfter: Double = 30, clock: any ServiceClock
    ) {
        self.notifier = notifier
        self.state = state
        self.stalledAfter = stalledAfter
        self.clock = clock
    }

    public func run() async throws {
        guard notifier.isActive else { return }
        // Keep-alives at half the watchdog period, as sd_watchdog_enabled(3) advises.
        let keepAlive = notifier.watchdogInterval.map { $0.seconds / 2 }
        try await withGracefulShutdownHandler {
            var announced = false
            var lastKeepAlive = -Double.infinity
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let status = state.status
                if !announced, status.recalculations > 0 {
                    notifier.ready()
                    announced = true
                }
                let time = clock.unixTime
                if let keepAlive, time - lastKeepAlive >= keepAlive, let beat = status.lastLoopTick,
                    time - beat < stalledAfter
                {
                    notifier.watchdog()
                    lastKeepAlive = time
                }
                try await clock.sleep(for: .milliseconds(200))
            }
        } onGracefulShutdown: {
            notifier.stopping()
        }
    }
}

/// The sd_notify datagram protocol, spoken directly on `$NOTIFY_SOCKET` (no libsystemd).
/// Without the variable (not under systemd) every call does nothing.
public struct SystemdNotifier: Sendable {
    let socketPath: String?
    /// `WATCHDOG_USEC`, when systemd asked for keep-alives.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        // WATCHDOG_PID, when set, must be us; otherwise the keep-alives are for another process.
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(Int64.init).flatMap {
            forUs && $0 > 0 ? .microseconds($0) : nil
        }
    }

    public var isActive: Bool { socketPath != nil }

    public func ready() { send("READY=1\nSTATUS=serving metrics") }

    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        send("RELOADING=1\nMONOTONIC_USEC=\(microseconds)")
    }

    public func stopping() { send("STOPPING=1") }

    public func watchdog() { send("WATCHDOG=1") }

    /// One datagram; errors are ignored, as sd_notify(3) does: the daemon runs on without systemd.
    public func send(_ message: String) {
        guard let socketPath else { return }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        // "@name" is an abstract socket: a leading NUL byte instead of the @.
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        _ = message.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, text, strlen(text), Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
    }
}

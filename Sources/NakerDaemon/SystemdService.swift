import NakerCore
import ServiceLifecycle

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

import NakerConfig
import Synchronization

/// What the HTTP side reads and the recalculation side writes: swapped whole under a lock, so a
/// scrape sees one complete snapshot and never waits on a source.
public final class ExporterState: Sendable {
    struct Values {
        var snapshot: MetricsSnapshot?
        var status = RecalculationStatus()
        var config: Config
    }

    private let values: Mutex<Values>
    private let notificationValues = Mutex(NotificationStatus())

    public init(config: Config, configLoadedAt: Double) {
        var status = RecalculationStatus()
        status.configLastReloadSuccess = configLoadedAt
        values = Mutex(Values(status: status, config: config))
    }

    public var snapshot: MetricsSnapshot? { values.withLock { $0.snapshot } }
    public var status: RecalculationStatus { values.withLock { $0.status } }
    public var config: Config { values.withLock { $0.config } }
    public var notifications: NotificationStatus { notificationValues.withLock { $0 } }

    func updateNotifications(_ change: (inout NotificationStatus) -> Void) {
        notificationValues.withLock { change(&$0) }
    }

    /// Swaps in a new snapshot and updates the counters in the same critical section.
    func publish(_ snapshot: MetricsSnapshot, _ change: (inout RecalculationStatus) -> Void) {
        values.withLock {
            $0.snapshot = snapshot
            change(&$0.status)
        }
    }

    func updateStatus(_ change: (inout RecalculationStatus) -> Void) {
        values.withLock { change(&$0.status) }
    }

    func swapConfig(_ config: Config) {
        values.withLock { $0.config = config }
    }
}

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

    /// Everything a `/metrics` body is built from, read at one `generation`.
    struct ScrapeInputs {
        var generation: UInt64
        var snapshot: MetricsSnapshot?
        var status: RecalculationStatus
        var notifications: NotificationStatus
        var receivers: [String]
    }

    private let values: Mutex<Values>
    private let notificationValues = Mutex(NotificationStatus())
    /// Bumped after every write, so a reader can tell in one load that nothing it showed changed.
    private let writes = Atomic<UInt64>(0)

    public init(config: Config, configLoadedAt: Double) {
        var status = RecalculationStatus()
        status.configLastReloadSuccess = configLoadedAt
        values = Mutex(Values(status: status, config: config))
    }

    public var snapshot: MetricsSnapshot? { values.withLock { $0.snapshot } }
    public var status: RecalculationStatus { values.withLock { $0.status } }
    public var config: Config { values.withLock { $0.config } }
    public var notifications: NotificationStatus { notificationValues.withLock { $0 } }

    var generation: UInt64 { writes.load(ordering: .acquiring) }

    /// The generation is read first, so the values are at least as new as it says.
    var scrapeInputs: ScrapeInputs {
        let generation = self.generation
        let (snapshot, status, receivers) = values.withLock {
            ($0.snapshot, $0.status, $0.config.receivers.map(\.name))
        }
        return ScrapeInputs(
            generation: generation, snapshot: snapshot, status: status, notifications: notifications,
            receivers: receivers)
    }

    @discardableResult
    func updateNotifications<Result>(_ change: (inout NotificationStatus) -> Result) -> Result {
        let result = notificationValues.withLock { change(&$0) }
        written()
        return result
    }

    /// Swaps in a new snapshot and updates the counters in the same critical section.
    func publish(_ snapshot: MetricsSnapshot, _ change: (inout RecalculationStatus) -> Void) {
        values.withLock {
            $0.snapshot = snapshot
            change(&$0.status)
        }
        written()
    }

    func updateStatus(_ change: (inout RecalculationStatus) -> Void) {
        values.withLock { change(&$0.status) }
        written()
    }

    func swapConfig(_ config: Config) {
        values.withLock { $0.config = config }
        written()
    }

    private func written() {
        writes.add(1, ordering: .releasing)
    }
}

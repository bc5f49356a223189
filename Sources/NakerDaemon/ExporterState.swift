import NakerConfig
import NakerCore
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
        var alertmanagers: [AlertmanagerReceiverConfig]
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
        let (snapshot, status, receivers, alertmanagers) = values.withLock {
            ($0.snapshot, $0.status, $0.config.receivers.map(\.name), $0.config.alertmanagers)
        }
        return ScrapeInputs(
            generation: generation, snapshot: snapshot, status: status, notifications: notifications,
            receivers: receivers, alertmanagers: alertmanagers)
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

/// The recalculation loop's own counters, for the self-metrics and the status page.
public struct RecalculationStatus: Hashable, Sendable {
    public var recalculations = 0
    public var failures = 0
    public var lastDurationSeconds: Double?
    /// Unix time of the last successful recalculation.
    public var lastSuccess: Double?
    /// Whether the config in use came from a successful (re)load.
    public var configReloadSuccessful = true
    public var configLastReloadSuccess: Double?
    /// Unix time of the loop's last tick: the watchdog's sign of life.
    public var lastLoopTick: Double?

    public init() {}

    /// `/-/ready`: after the first successful recalculation.
    public var ready: Bool { lastSuccess != nil }
}

/// Alerting and delivery counters for `/metrics` and the status page.
public struct NotificationStatus: Hashable, Sendable {
    /// Pending, firing and recently resolved alerts.
    public var alerts: [Alert] = []
    /// Notifications finished per receiver: delivered or given up.
    public var finished: [String: Int] = [:]
    public var failed: [String: Int] = [:]
    public var queueLength: [String: Int] = [:]
    public var latency: [String: LatencyHistogram] = [:]
    /// Delivery attempts per receiver, and the failed ones by reason.
    public var requests: [String: Int] = [:]
    public var failedRequests: [String: [String: Int]] = [:]
    /// Pushes to the members of `alertmanager:` receivers.
    public var alertmanagers: [AlertmanagerMember: AlertmanagerMemberStats] = [:]
    /// Receivers whose request cannot be built (a URL or secret file missing), with what to fix.
    public var receiverProblems: [String: String] = [:]

    public init() {}

    /// Records a receiver's problem (nil: none); true when that is a change, so it is logged once.
    mutating func setProblem(_ problem: String?, for receiver: String) -> Bool {
        guard receiverProblems[receiver] != problem else { return false }
        receiverProblems[receiver] = problem
        return true
    }

    mutating func delivered(to receiver: String, latency seconds: Double) {
        finished[receiver, default: 0] += 1
        latency[receiver, default: LatencyHistogram()].observe(seconds)
    }

    mutating func pushed(to member: AlertmanagerMember, alerts: Int, ok: Bool, seconds: Double) {
        var stats = alertmanagers[member] ?? AlertmanagerMemberStats()
        if ok {
            stats.sent += alerts
            stats.latency.observe(seconds)
        } else {
            stats.errors += alerts
        }
        alertmanagers[member] = stats
    }

    mutating func attempted(_ receiver: String, failure reason: String?) {
        requests[receiver, default: 0] += 1
        if let reason { failedRequests[receiver, default: [:]][reason, default: 0] += 1 }
    }

    mutating func gaveUp(on receiver: String) {
        finished[receiver, default: 0] += 1
        failed[receiver, default: 0] += 1
    }
}

/// Cumulative buckets from a tenth of a second (a healthy gateway) to a day (retries through an outage).
public struct LatencyHistogram: Hashable, Sendable {
    public static let upperBounds: [Double] = [
        0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21_600, 86_400,
    ]
    public private(set) var cumulativeCounts = [UInt64](repeating: 0, count: upperBounds.count)
    public private(set) var sum = 0.0
    public private(set) var count: UInt64 = 0

    public init() {}

    public mutating func observe(_ seconds: Double) {
        for (index, bound) in Self.upperBounds.enumerated() where seconds <= bound {
            cumulativeCounts[index] += 1
        }
        sum += seconds
        count += 1
    }
}

/// One recalculation's result, rendered once into immutable bytes that a scrape body only copies.
///
/// The bytes hold the report's families. The sources' families change with every load (their
/// last success time), so they are rendered with a body's live part; a recalculation whose
/// data, date and config are unchanged then reuses the bytes (`with(sources:)`).
public struct MetricsSnapshot: Sendable {
    public let report: LabourMarketReport
    public private(set) var sources: [SourceStatus]
    /// Report families in text 0.0.4, and the same in OpenMetrics without `# EOF`.
    public let text: [UInt8]
    public let openMetrics: [UInt8]
    /// The two bodies deflated once; a scrape finishes the gzip member with its live part.
    public let textGzip: Gzip.Prefix
    public let openMetricsGzip: Gzip.Prefix

    /// - Parameter families: the report's (`DomainMetrics.reportFamilies`).
    public init(report: LabourMarketReport, sources: [SourceStatus], families: [MetricFamily]) {
        self.report = report
        self.sources = sources
        var text: [UInt8] = []
        ExpositionRenderer.renderBody(families, format: .text, into: &text)
        var openMetrics: [UInt8] = []
        ExpositionRenderer.renderBody(families, format: .openMetrics, into: &openMetrics)
        self.text = text
        self.openMetrics = openMetrics
        self.textGzip = Gzip.Prefix(text)
        self.openMetricsGzip = Gzip.Prefix(openMetrics)
    }

    /// The same report with newer source statuses.
    public func with(sources: [SourceStatus]) -> MetricsSnapshot {
        var copy = self
        copy.sources = sources
        return copy
    }

    public func body(_ format: ExpositionFormat) -> [UInt8] {
        format == .text ? text : openMetrics
    }

    public func gzipPrefix(_ format: ExpositionFormat) -> Gzip.Prefix {
        format == .text ? textGzip : openMetricsGzip
    }
}

import Hummingbird
import NakerCore
import Synchronization

/// The `/metrics` bodies as served, each built once and then shared read-only by every scrape until
/// something in it changes: a scrape neither renders nor copies the body. The daemon's own families
/// are exact (any write to the state rebuilds); the process collector is sampled at most once per
/// `processMaxAge` seconds, so a burst of scrapes does not multiply the /proc reads.
final class ScrapeCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var process: [MetricFamily]
        var sampledAt: Double
        /// Indexed by `slot`; built on first use.
        var bodies: [ByteBuffer?] = [nil, nil, nil, nil]
    }

    private let state: ExporterState
    private let version: String
    private let revision: String
    private let processMaxAge: Double
    private let now: @Sendable () -> Double
    private let sampleProcess: @Sendable () -> [MetricFamily]
    private let entry = Mutex<Entry?>(nil)

    /// - Parameters:
    ///   - now: monotonic seconds.
    ///   - sampleProcess: the `process_*` families; the I/O is here.
    init(
        state: ExporterState, version: String, revision: String, processMaxAge: Double = 1,
        now: @escaping @Sendable () -> Double = ScrapeCache.monotonicSeconds,
        sampleProcess: @escaping @Sendable () -> [MetricFamily] = ProcessMetrics.families
    ) {
        self.state = state
        self.version = version
        self.revision = revision
        self.processMaxAge = processMaxAge
        self.now = now
        self.sampleProcess = sampleProcess
    }

    func body(format: ExpositionFormat, gzip: Bool) -> ByteBuffer {
        let slot = Self.slot(format: format, gzip: gzip)
        // Built under the lock: concurrent scrapes wait for one build instead of each doing it.
        return entry.withLock { entry in
            let time = now()
            let generation = state.generation
            var current: Entry
            if let cached = entry, cached.generation == generation, fresh(cached, at: time) {
                if let body = cached.bodies[slot] { return body }
                current = cached
            } else if let cached = entry, fresh(cached, at: time) {
                current = Entry(generation: generation, process: cached.process, sampledAt: cached.sampledAt)
            } else {
                current = Entry(generation: generation, process: sampleProcess(), sampledAt: time)
            }
            let inputs = state.scrapeInputs
            if inputs.generation != current.generation {
                current.generation = inputs.generation
                current.bodies = [nil, nil, nil, nil]
            }
            let live =
                DomainMetrics.sourceFamilies(inputs.snapshot?.sources ?? [])
                + SelfMetrics.families(inputs.status, version: version, revision: revision) + current.process
                + NotificationMetrics.families(
                    inputs.notifications, receivers: inputs.receivers, alertmanagers: inputs.alertmanagers)
            let body = ScrapeBody.render(snapshot: inputs.snapshot, live: live, format: format, gzip: gzip)
            current.bodies[slot] = body
            entry = current
            return body
        }
    }

    /// The four bodies a scrape can ask for: text or OpenMetrics, plain or gzip.
    static func slot(format: ExpositionFormat, gzip: Bool) -> Int {
        (format == .openMetrics ? 2 : 0) + (gzip ? 1 : 0)
    }

    private func fresh(_ entry: Entry, at time: Double) -> Bool {
        time >= entry.sampledAt && time - entry.sampledAt < processMaxAge
    }

    static let monotonicSeconds: @Sendable () -> Double = {
        let origin = ContinuousClock.now
        return {
            let elapsed = (ContinuousClock.now - origin).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        }
    }()
}

/// Builds one `/metrics` body: the snapshot's pre-rendered domain part plus the small live part
/// (self and process metrics) rendered now.
public enum ScrapeBody {
    /// With gzip, the domain part is deflated already and only the live part is compressed now.
    public static func render(
        snapshot: MetricsSnapshot?, live: [MetricFamily], format: ExpositionFormat, gzip: Bool
    ) -> ByteBuffer {
        var livePart: [UInt8] = []
        ExpositionRenderer.renderBody(live, format: format, into: &livePart)
        if format == .openMetrics {
            livePart.append(contentsOf: ExpositionRenderer.openMetricsTerminator.utf8)
        }
        if gzip {
            return ByteBuffer(
                bytes: Gzip.member(prefix: snapshot?.gzipPrefix(format) ?? .empty, tail: livePart))
        }
        let domain = snapshot?.body(format) ?? []
        var body = ByteBufferAllocator().buffer(capacity: domain.count + livePart.count)
        body.writeBytes(domain)
        body.writeBytes(livePart)
        return body
    }
}

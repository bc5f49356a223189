import Logging
import NakerConfig
import NakerCore
import NakerSources
import Synchronization

/// The recalculation loop's state between events: sources, what is loading, and whether a new
/// snapshot is due. A value; the service feeds it events and runs the loads it hands out. Its one
/// read of the outside world is `tick`'s look at each file's metadata (size, mtime, inode).
struct RecalculationLoop {
    struct LoadJob: Sendable {
        var source: SourceConfig
        var loader: SourceLoader
    }

    private(set) var config: Config
    private var slots: [String: SourceSlot] = [:]
    private var schedule: RecalculationSchedule
    /// Sources loading now, with when their load is abandoned (`SourceConfig.abandonAfter`).
    private var inFlight: [String: Duration] = [:]
    /// In flight past their deadline: counted as failed, their thread left to finish (or not) on
    /// its own; no second load starts for them meanwhile.
    private var abandoned: Set<String> = []
    /// Data or date changed since the last snapshot.
    private var dirty = false
    private var hasPublished = false
    private var roundStart: Duration?
    let logger: Logger

    init(config: Config, logger: Logger) {
        self.config = config
        self.logger = logger
        self.schedule = RecalculationSchedule(interval: config.global.recalcInterval)
        apply(config)
    }

    /// Until the first snapshot, wait for every first load; after it, a slow source no longer
    /// holds back what the others changed.
    var needsPublish: Bool { dirty && (Set(inFlight.keys).isSubset(of: abandoned) || hasPublished) }

    /// Every source has data, fresh or kept from an earlier load.
    var isComplete: Bool { slots.values.allSatisfy { $0.lastGood != nil } }

    var sourcesWithoutData: [String] {
        config.sources.map(\.name).filter { slots[$0]?.lastGood == nil }
    }

    /// Every source's last good rows combined, rebuilt only when a load brought new rows or the
    /// config changed.
    private(set) var datasets = Datasets()
    /// Counts rebuilds of `datasets` (config changes included).
    private var datasetsGeneration = 0

    /// What a report follows from: the same inputs give the same report.
    struct ReportInputs: Equatable {
        var datasetsGeneration: Int
        var date: LocalDate
    }

    func reportInputs(on date: LocalDate) -> ReportInputs {
        ReportInputs(datasetsGeneration: datasetsGeneration, date: date)
    }

    /// The last snapshot published and what its report came from.
    var lastSnapshot: (inputs: ReportInputs, snapshot: MetricsSnapshot)?

    var statuses: [SourceStatus] {
        config.sources.compactMap { slots[$0.name]?.status }
    }

    mutating func tick(now elapsed: Duration) -> [LoadJob] {
        for (name, deadline) in inFlight where elapsed >= deadline && !abandoned.contains(name) {
            abandon(name)
        }
        var fingerprints: [String: FileFingerprint?] = [:]
        for (name, slot) in slots {
            // updateValue keeps a nil (file gone) as an entry; subscript assignment would drop it.
            fingerprints.updateValue(try? FileFingerprint(path: slot.path), forKey: name)
        }
        let decision = schedule.tick(now: elapsed, fingerprints: fingerprints, inFlight: Set(inFlight.keys))
        if decision.recompute { dirty = true }
        var jobs: [LoadJob] = []
        for name in decision.loads.sorted() {
            guard var slot = slots[name], let loader = slot.loader else { continue }
            slot.loader = nil
            slots[name] = slot
            inFlight[name] = elapsed + slot.source.abandonAfter
            jobs.append(LoadJob(source: slot.source, loader: loader))
        }
        if !jobs.isEmpty || decision.recompute, roundStart == nil { roundStart = elapsed }
        return jobs
    }

    mutating func finished(
        _ outcome: RecalculationEvents.SourceOutcome, unixTime: Double, now elapsed: Duration
    ) {
        let name = outcome.source.name
        inFlight[name] = nil
        let transient =
            if case .failure(let error as SourceLoadError) = outcome.result { error.isTransient } else {
                false
            }
        schedule.loadEnded(name, transientFailure: transient, now: elapsed)
        // A reload replaced this source while it loaded: its result belongs to the old config.
        guard var slot = slots[name], slot.source == outcome.source else { return }
        slot.loader = outcome.loader
        if abandoned.remove(name) != nil {
            // Already counted as failed; the next scheduled load reads the file again.
            slots[name] = slot
            logger.info(
                "abandoned source load came back; its result is not used", metadata: ["source": .string(name)]
            )
            return
        }
        var newRows = false
        switch outcome.result {
        case .success(let load):
            if !load.reusedUnchangedFile || !slot.up { dirty = true }
            // A reused result is the same rows; anything else may differ.
            newRows = !load.reusedUnchangedFile || slot.lastGood == nil
            if newRows { slot.newestRecord = load.data.newestRecord }
            slot.lastGood = load
            slot.up = true
            slot.lastSuccess = unixTime
        case .failure(let error):
            if slot.up || !hasPublished { dirty = true }
            slot.up = false
            // Constant messages: whether earlier rows stay in use, or the source has none yet.
            let metadata: Logger.Metadata = ["source": .string(name), "error": .string("\(error)")]
            if transient {
                logger.error(
                    "source failed to load for a passing reason; it is tried again soon", metadata: metadata)
            } else if slot.lastGood == nil {
                logger.error("source failed to load; it has no data yet", metadata: metadata)
            } else {
                logger.error("source failed to load; its last good data stays in use", metadata: metadata)
            }
        }
        slots[name] = slot
        if newRows { combine() }
    }

    /// A load past its deadline counts as failed; the last good data stays in use.
    private mutating func abandon(_ name: String) {
        abandoned.insert(name)
        guard var slot = slots[name] else { return }
        if slot.up || !hasPublished { dirty = true }
        slot.up = false
        slots[name] = slot
        logger.error(
            "source load abandoned: still reading after its timeout",
            metadata: ["source": .string(name), "timeout": .string("\(slot.source.timeout)")])
    }

    /// Rebuilds `datasets` from every source's last good rows.
    private mutating func combine() {
        datasets = Datasets(config.sources.compactMap { slots[$0.name]?.lastGood?.data })
        datasetsGeneration += 1
    }

    /// From the loads that fed this snapshot to now; `fallback` when no load started it (a reload).
    func roundDuration(endingAt elapsed: Duration, orSince fallback: Duration) -> Duration {
        elapsed - (roundStart ?? fallback)
    }

    mutating func published() {
        dirty = false
        hasPublished = true
        roundStart = nil
    }

    /// Swaps in a new config: unchanged sources keep their data and cache, the rest start afresh.
    mutating func apply(_ config: Config) {
        self.config = config
        var kept: [String: SourceSlot] = [:]
        for source in config.sources {
            if let slot = slots[source.name], slot.source == source {
                kept[source.name] = slot
            } else {
                kept[source.name] = SourceSlot(source: source, loader: SourceLoader(logger: logger))
            }
        }
        slots = kept
        combine()
        schedule = RecalculationSchedule(interval: config.global.recalcInterval)
        dirty = true
    }
}

/// One configured source as the daemon tracks it: its loader (cache), and its last good data,
/// which stays in use while later loads fail.
struct SourceSlot: Sendable {
    var source: SourceConfig
    /// nil while a load is in flight (the loader travels with it).
    var loader: SourceLoader?
    var lastGood: SourceLoad?
    var up = false
    var lastSuccess: Double?
    /// Of `lastGood`, found once per new load rather than on every status read.
    var newestRecord: LocalDate?

    init(source: SourceConfig, loader: SourceLoader) {
        self.source = source
        self.loader = loader
    }

    var status: SourceStatus {
        SourceStatus(
            name: source.name, up: up, rows: lastGood?.acceptedRows, rejectedRows: lastGood?.rejectedRows,
            lastSuccess: lastSuccess, newestRecord: newestRecord)
    }

    var path: String { source.location.path }
}

/// Carries a source's loader to the worker thread that loads it, as its only owner.
///
/// The loader's cache holds the parser of the last read, duplicate-id set included; reading an
/// append mutates that parser in place only while nothing else refers to it. Captured copies
/// of a job would each keep a reference and make the first append copy the whole id set.
final class SourceLoaderHandoff: Sendable {
    private let loader: Mutex<SourceLoader?>

    init(_ loader: consuming SourceLoader) {
        self.loader = Mutex(loader)
    }

    /// The loader; the handoff no longer holds it.
    func take() -> SourceLoader {
        loader.withLock { held in
            guard let loader = held.take() else { preconditionFailure("a loader is taken once") }
            return loader
        }
    }
}

import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerNotify
import NakerSources
import ServiceLifecycle

/// Loads sources on a timer and on file changes, recomputes every indicator, and publishes the
/// rendered snapshot. Each source loads on its own worker thread, so a slow one holds back
/// neither the others nor the HTTP server; a failed one keeps its last good data.
public struct RecalculationService: Service {
    let state: ExporterState
    let events: RecalculationEvents
    let configPath: String
    let logger: Logger
    let systemd: SystemdNotifier
    let tick: Duration
    let clock: any ServiceClock
    /// One load of a source on a worker thread; tests pass one that blocks as a dead share would.
    let load: Load

    public typealias Load = @Sendable (inout SourceLoader, SourceConfig) throws -> SourceLoad

    public init(
        state: ExporterState, events: RecalculationEvents, configPath: String, logger: Logger,
        systemd: SystemdNotifier = SystemdNotifier(environment: [:]), tick: Duration = .seconds(1),
        clock: any ServiceClock,
        load: @escaping Load = { loader, source in try loader.load(source) }
    ) {
        self.load = load
        self.state = state
        self.events = events
        self.configPath = configPath
        self.logger = logger
        self.systemd = systemd
        self.tick = tick
        self.clock = clock
    }

    public func run() async throws {
        var loop = RecalculationLoop(config: state.config, logger: logger)
        // Set again by a reload, which touches the config parser's pages once more.
        var startupPagesHeld = true
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [events, tick, clock] in
                while !Task.isCancelled {
                    events.send(.tick)
                    try? await clock.sleep(for: tick)
                }
            }
            for await event in events.stream.cancelOnGracefulShutdown() {
                switch event {
                case .tick:
                    let time = clock.unixTime
                    state.updateStatus { $0.lastLoopTick = time }
                    var loads = Array(loop.tick(now: clock.elapsed).reversed())
                    // Popped, not iterated, so each job's loader has one owner (see the handoff).
                    while let job = loads.popLast() { start(job) }
                case .loaded(let outcome):
                    loop.finished(outcome, unixTime: clock.unixTime, now: clock.elapsed)
                case .reload(let reply):
                    let result = reload(&loop)
                    if case .success = result { startupPagesHeld = true }
                    reply?.resume(returning: result)
                }
                if loop.needsPublish {
                    publish(&loop) { clock.elapsed }
                    if startupPagesHeld {
                        startupPagesHeld = false
                        let released = StartupPages.release()
                        logger.debug(
                            "startup pages handed back",
                            metadata: [
                                "mappings": .stringConvertible(released.mappings),
                                "bytes": .stringConvertible(released.bytes),
                            ])
                    }
                }
            }
            group.cancelAll()
        }
        events.finish()
        for await case .reload(let reply?) in events.stream {
            reply.resume(
                returning: .failure(.unreadable(path: configPath, reason: "the daemon is shutting down")))
        }
    }

    /// Loads on a worker thread that reports back through the inbox. Nothing waits for it: a
    /// reader stuck in the kernel past its timeout is abandoned by the loop and never joined, so
    /// shutdown does not wait for a dead network share.
    private func start(_ job: consuming RecalculationLoop.LoadJob) {
        let source = job.source
        let handoff = SourceLoaderHandoff(job.loader)
        LoadThread.start(source: source.name) { [events, load] in
            var loader = handoff.take()
            let result = Result { try load(&loader, source) }
            events.send(
                .loaded(RecalculationEvents.SourceOutcome(source: source, loader: loader, result: result)))
        }
    }

    /// - Parameter elapsed: time since the loop's origin, read after the snapshot is built so the
    ///   reported duration includes computing and rendering it.
    private func publish(_ loop: inout RecalculationLoop, elapsed: () -> Duration) {
        let started = elapsed()
        let config = loop.config
        let date = LocalDate.on(unixTime: clock.unixTime, in: config.global.timeZone)
        let statuses = loop.statuses
        let snapshot: MetricsSnapshot
        if let last = loop.lastSnapshot, last.inputs == loop.reportInputs(on: date) {
            // Same data, date and config: the same report, so only the source statuses are new.
            snapshot = last.snapshot.with(sources: statuses)
        } else {
            let report = LabourMarketCalculator.report(
                loop.datasets, targets: config.targets, region: config.global.region, on: date)
            let families = DomainMetrics.reportFamilies(report, timeZone: config.global.timeZone)
            snapshot = MetricsSnapshot(report: report, sources: statuses, families: families)
        }
        loop.lastSnapshot = (loop.reportInputs(on: date), snapshot)
        let complete = loop.isComplete
        let duration = loop.roundDuration(endingAt: elapsed(), orSince: started)
        let finishedAt = clock.unixTime
        state.publish(snapshot) { status in
            status.recalculations += 1
            status.lastDurationSeconds = duration.seconds
            if complete { status.lastSuccess = finishedAt } else { status.failures += 1 }
        }
        loop.published()
        logger.debug(
            "recalculated",
            metadata: [
                "date": "\(date)", "complete": "\(complete)", "duration_seconds": "\(duration.seconds)",
            ])
        if !complete {
            logger.warning(
                "recalculation incomplete: a source has no data yet",
                metadata: ["sources": "\(loop.sourcesWithoutData)"])
        }
    }

    private func reload(_ loop: inout RecalculationLoop) -> Result<Void, ConfigError> {
        systemd.reloading()
        // systemd leaves the reloading state on READY=1, whatever the outcome.
        defer { if state.status.recalculations > 0 { systemd.ready() } }
        do {
            let config = try ConfigParser.load(path: configPath, templates: TemplateCheck())
            loop.apply(config)
            state.swapConfig(config)
            let at = clock.unixTime
            state.updateStatus {
                $0.configReloadSuccessful = true
                $0.configLastReloadSuccess = at
            }
            logger.info(
                "config reloaded",
                metadata: ["sources": "\(config.sources.count)", "targets": "\(config.targets.count)"])
            return .success(())
        } catch {
            state.updateStatus { $0.configReloadSuccessful = false }
            logger.error("config reload failed; keeping the previous config", metadata: ["error": "\(error)"])
            return .failure(error)
        }
    }
}

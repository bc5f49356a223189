import Dispatch
import Foundation
import Logging
import NakerConfig
import NakerCore
import Synchronization

/// Loads every configured source once, side by side; a failing source is reported down and
/// never stops the others. A load past its source's `timeout` counts as failed and its thread,
/// perhaps stuck in the kernel on a dead network share, is left behind: the process exits
/// without it.
public enum SourceLoadRound {
    public struct Result: Sendable {
        public var data: [SourceData] = []
        public var statuses: [SourceStatus] = []
    }

    /// One load of one source, to finish by the deadline.
    public typealias Load = @Sendable (SourceConfig, ContinuousClock.Instant) throws -> SourceLoad

    public static func run(_ sources: [SourceConfig], logger: Logger, load: Load? = nil) -> Result {
        let load =
            load ?? { source, deadline in
                // Each load has its own loader: a single run has no cache to share.
                var loader = SourceLoader(logger: logger)
                return try loader.load(source, deadline: deadline)
            }
        let started = ContinuousClock.now
        let outcomes = Mutex<[Swift.Result<SourceLoad, any Error>?]>(
            Array(repeating: nil, count: sources.count))
        let done = sources.map { _ in DispatchSemaphore(value: 0) }
        for (index, source) in sources.enumerated() {
            LoadThread.start(source: source.name) {
                let outcome = Swift.Result { try load(source, started + source.timeout) }
                outcomes.withLock { $0[index] = outcome }
                done[index].signal()
            }
        }
        var result = Result()
        for (index, source) in sources.enumerated() {
            let waitUntil = started + source.abandonAfter
            let outcome: Swift.Result<SourceLoad, any Error>? =
                done[index].wait(timeout: dispatchTime(waitUntil - .now)) == .success
                ? outcomes.withLock { $0[index] } : nil
            switch outcome {
            case .success(let load):
                result.data.append(load.data)
                result.statuses.append(
                    SourceStatus(
                        name: source.name, up: true, rows: load.acceptedRows, rejectedRows: load.rejectedRows,
                        newestRecord: load.data.newestRecord))
            case .failure(let error):
                logger.error(
                    "source failed to load",
                    metadata: ["source": .string(source.name), "error": .string("\(error)")])
                result.statuses.append(
                    SourceStatus(name: source.name, up: false, rows: nil, rejectedRows: nil))
            case nil:
                logger.error(
                    "source load abandoned: still reading after its timeout",
                    metadata: ["source": .string(source.name), "timeout": .string("\(source.timeout)")])
                result.statuses.append(
                    SourceStatus(name: source.name, up: false, rows: nil, rejectedRows: nil))
            }
        }
        return result
    }

    /// `DispatchTime` this long from now; a wait of more than about 30 years is forever.
    static func dispatchTime(_ duration: Duration) -> DispatchTime {
        let (seconds, attoseconds) = duration.components
        guard seconds < 1_000_000_000 else { return .distantFuture }
        guard seconds >= 0, attoseconds >= 0 || seconds > 0 else { return .now() }
        return .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}

/// Runs one source load on a thread of its own. Not a shared pool: a reader stuck in the kernel
/// (a dead network share) keeps its thread for as long as it is stuck, and on a pool as wide as
/// the machine's cores two such readers would leave no thread for any other load.
public enum LoadThread {
    public static func start(source: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "naker-load-\(source)"
        thread.start()
    }
}

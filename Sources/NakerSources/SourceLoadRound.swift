import Dispatch
import Logging
import NakerConfig
import NakerCore
import NakerSources
import Synchronization

/// Loads every configured source once, side by side on the machine's cores; a failing source
/// is reported down and never stops the others.
enum SourceLoadRound {
    struct Result {
        var data: [SourceData] = []
        var statuses: [SourceStatus] = []
    }

    static func run(_ sources: [SourceConfig], logger: Logger) -> Result {
        let outcomes = Mutex<[SourceLoad?]>(Array(repeating: nil, count: sources.count))
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            let source = sources[index]
            // Each load has its own loader: a single run has no cache to share.
            var loader = SourceLoader(logger: logger)
            do {
                let load = try loader.load(source)
                outcomes.withLock { $0[index] = load }
            } catch {
                logger.error(
                    "source failed to load",
                    metadata: ["source": .string(source.name), "error": .string("\(error)")])
            }
        }
        var result = Result()
        for (source, load) in zip(sources, outcomes.withLock { $0 }) {
            if let load {
                result.data.append(load.data)
                result.statuses.append(
                    SourceStatus(
                        name: source.name, up: true, rows: load.acceptedRows, rejectedRows: load.rejectedRows)
                )
            } else {
                result.statuses.append(
                    SourceStatus(name: source.name, up: false, rows: nil, rejectedRows: nil))
            }
        }
        return result
    }
}

import Logging
import NakerConfig
import NakerCore
import NakerSources

/// Loads every configured source once; a failing source is reported down and never stops the others.
enum SourceLoadRound {
    struct Result {
        var data: [SourceData] = []
        var statuses: [SourceStatus] = []
    }

    static func run(_ sources: [SourceConfig], loader: inout SourceLoader, logger: Logger) -> Result {
        var result = Result()
        for source in sources {
            do {
                let load = try loader.load(source)
                result.data.append(load.data)
                result.statuses.append(
                    SourceStatus(
                        name: source.name, up: true, rows: load.acceptedRows, rejectedRows: load.rejectedRows)
                )
            } catch {
                logger.error(
                    "source failed to load",
                    metadata: ["source": .string(source.name), "error": .string("\(error)")])
                result.statuses.append(SourceStatus(name: source.name, up: false, rows: 0, rejectedRows: 0))
            }
        }
        return result
    }
}

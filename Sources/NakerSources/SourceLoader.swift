import Logging
import NakerConfig

/// Loads sources, skipping files that have not changed since their last successful load.
///
/// One loader per source: a value the caller owns and uses from one task at a time, holding the
/// last load of its source (a load of another configuration replaces it).
public struct SourceLoader: Sendable {
    struct CachedLoad: Sendable {
        var source: SourceConfig
        var load: SourceLoad
        /// Whether the fingerprint can be trusted to change with the file (see `isSettled`).
        var settled: Bool
        /// How to read on when the file grows: the parser with the ids and counts so far.
        var resume: Resume?

        struct Resume: Sendable {
            var parser: DatasetRowParser
            var end: CSVReadEnd
        }
    }

    let logger: Logger
    let settleTime: Duration
    var cache: CachedLoad?

    /// - Parameter settleTime: a file changed less than this before it was read is read again
    ///   next time even if its fingerprint looks the same, since file timestamps are coarse.
    public init(logger: Logger, settleTime: Duration = .seconds(2)) {
        self.logger = logger
        self.settleTime = settleTime
    }

    /// Loads `source`, or returns its previous result when the file is unchanged.
    ///
    /// Rejected rows are counted and logged, never thrown.
    /// - Parameter deadline: when the load counts as failed; nil: the source's `timeout` from now.
    /// - Throws: `SourceLoadError` when the file cannot be used at all or the deadline passed.
    public mutating func load(_ source: SourceConfig, deadline: ContinuousClock.Instant? = nil) throws
        -> SourceLoad
    {
        let deadline = deadline ?? .now + source.timeout
        switch source.location {
        case .csv(let location): return try loadCSV(source, location, deadline: deadline)
        }
    }
}

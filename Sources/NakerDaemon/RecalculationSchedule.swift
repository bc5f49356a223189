import NakerSources

/// Decides, on each tick, which sources to load: all of them once per `interval` (the date moves
/// on even when the data does not), any whose file changed since the last tick, and any whose last
/// load failed for a passing reason (out of descriptors or memory, a database not answering) once
/// its retry is due: 5 s, then doubling up to the interval. Pure: time and file fingerprints come
/// in as values.
public struct RecalculationSchedule: Sendable {
    public struct Decision: Hashable, Sendable {
        public var loads: Set<String>
        /// Recompute even if no load is started (the interval elapsed).
        public var recompute: Bool
    }

    public let interval: Duration
    private var lastFullRound: Duration?
    private var seen: [String: FileFingerprint?] = [:]
    /// Sources to load again soon: when, and the delay that led there (doubled on each failure).
    private var retries: [String: (due: Duration, delay: Duration)] = [:]
    public static let firstRetryDelay = Duration.seconds(5)

    public init(interval: Duration) {
        self.interval = interval
    }

    /// - Parameters:
    ///   - now: time since any fixed origin.
    ///   - fingerprints: each source's file now; nil when it cannot be stat'ed (e.g. deleted).
    ///   - inFlight: sources still loading; they are never started twice and are looked at again next tick.
    public mutating func tick(now: Duration, fingerprints: [String: FileFingerprint?], inFlight: Set<String>)
        -> Decision
    {
        let full = lastFullRound.map { now - $0 >= interval } ?? true
        if full { lastFullRound = now }
        var loads: Set<String> = []
        for (name, fingerprint) in fingerprints where !inFlight.contains(name) {
            let changed = seen[name].map { $0 != fingerprint } ?? true
            let retryDue = retries[name].map { now >= $0.due } ?? false
            if full || changed || retryDue {
                loads.insert(name)
                seen[name] = .some(fingerprint)
                if let retry = retries[name] { retries[name] = (.seconds(Int64.max), retry.delay) }
            }
        }
        // Sources no longer configured are forgotten, so a re-added one loads at once.
        seen = seen.filter { fingerprints.keys.contains($0.key) }
        retries = retries.filter { fingerprints.keys.contains($0.key) }
        return Decision(loads: loads, recompute: full)
    }

    /// The load of `name` ended: a passing failure schedules the next try, anything else (success,
    /// or a failure that another try would only repeat) waits for the interval or a change.
    public mutating func loadEnded(_ name: String, transientFailure: Bool, now: Duration) {
        guard transientFailure else {
            retries[name] = nil
            return
        }
        let delay = retries[name].map { min($0.delay * 2, interval) } ?? min(Self.firstRetryDelay, interval)
        retries[name] = (now + delay, delay)
    }
}

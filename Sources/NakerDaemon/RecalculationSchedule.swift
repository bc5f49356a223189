import NakerSources

/// Decides, on each tick, which sources to load: all of them once per `interval` (the date moves
/// on even when the data does not), and any whose file changed since the last tick. Pure: time and
/// file fingerprints come in as values.
public struct RecalculationSchedule: Sendable {
    public struct Decision: Hashable, Sendable {
        public var loads: Set<String>
        /// Recompute even if no load is started (the interval elapsed).
        public var recompute: Bool
    }

    public let interval: Duration
    private var lastFullRound: Duration?
    private var seen: [String: FileFingerprint?] = [:]

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
            if full || changed {
                loads.insert(name)
                seen[name] = .some(fingerprint)
            }
        }
        // Sources no longer configured are forgotten, so a re-added one loads at once.
        seen = seen.filter { fingerprints.keys.contains($0.key) }
        return Decision(loads: loads, recompute: full)
    }
}

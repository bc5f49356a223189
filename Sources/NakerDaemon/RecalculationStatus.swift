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

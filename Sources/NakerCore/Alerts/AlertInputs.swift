/// What alert rules are evaluated against: one recalculation's results and the time it is now.
public struct AlertInputs: Hashable, Sendable {
    /// Nil before the first recalculation; target rules then have no samples.
    public var report: LabourMarketReport?
    /// Every configured source, with `lastSuccess` set (nil = never loaded).
    public var sources: [SourceStatus]
    /// Unix time of the last successful recalculation; nil when none has succeeded yet.
    public var lastRecalcSuccess: Double?
    /// Unix seconds; ages are measured from here.
    public var now: Double

    public init(
        report: LabourMarketReport?, sources: [SourceStatus], lastRecalcSuccess: Double?, now: Double
    ) {
        self.report = report
        self.sources = sources
        self.lastRecalcSuccess = lastRecalcSuccess
        self.now = now
    }
}

/// One sample line of a family, without a timestamp (no sample carries one).
public struct MetricSample: Hashable, Sendable {
    public var labels: [MetricLabel]
    public var value: Double
    /// "" for plain samples; "_bucket", "_sum", "_count" for histogram parts. Counters get "_total" from the
    /// renderer, not here.
    public var suffix: String

    public init(labels: [MetricLabel] = [], value: Double, suffix: String = "") {
        self.labels = labels
        self.value = value
        self.suffix = suffix
    }
}

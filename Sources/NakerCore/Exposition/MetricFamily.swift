/// A named group of samples sharing HELP and TYPE.
///
/// Names are the caller's responsibility: the renderer neither validates nor rewrites them, so a family
/// name must match `[a-zA-Z_:][a-zA-Z0-9_:]*` and label names `[a-zA-Z_][a-zA-Z0-9_]*`.
public struct MetricFamily: Hashable, Sendable {
    /// Base name; for counters WITHOUT "_total" (the renderer adds it).
    public var name: String
    public var help: String
    public var type: MetricType
    public var samples: [MetricSample]

    public init(name: String, help: String, type: MetricType, samples: [MetricSample]) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }

    /// Builds a histogram family's samples (cumulative buckets incl. +Inf, _sum, _count) for one label set;
    /// call repeatedly and concatenate for several label sets.
    ///
    /// `upperBounds` are the finite bucket bounds, ascending, and `cumulativeCounts[i]` the number of
    /// observations `<= upperBounds[i]`. The `+Inf` bucket always takes `count`, as both formats require,
    /// so a trailing `+Inf` bound is dropped rather than doubled. The `le` value uses the OpenMetrics
    /// canonical form ("1.0", "0.005", "1e+06") in both formats: a sample carries one label string, and
    /// one spelling keeps the series identical whichever format a scraper negotiates (Prometheus 2 keeps
    /// the text verbatim; Prometheus 3 normalises to this same form).
    public static func histogramSamples(
        labels: [MetricLabel], upperBounds: [Double], cumulativeCounts: [UInt64], sum: Double, count: UInt64
    ) -> [MetricSample] {
        assert(upperBounds.count == cumulativeCounts.count, "one cumulative count per upper bound")
        var bounds = upperBounds[...]
        if bounds.last == .infinity { bounds = bounds.dropLast() }
        var samples: [MetricSample] = []
        samples.reserveCapacity(bounds.count + 3)
        for (bound, bucketCount) in zip(bounds, cumulativeCounts) {
            samples.append(bucket(labels, le: ExpositionNumber.canonical(bound), value: bucketCount))
        }
        samples.append(bucket(labels, le: "+Inf", value: count))
        samples.append(MetricSample(labels: labels, value: sum, suffix: "_sum"))
        samples.append(MetricSample(labels: labels, value: Double(count), suffix: "_count"))
        return samples
    }

    private static func bucket(_ labels: [MetricLabel], le: String, value: UInt64) -> MetricSample {
        MetricSample(labels: labels + [MetricLabel("le", le)], value: Double(value), suffix: "_bucket")
    }
}

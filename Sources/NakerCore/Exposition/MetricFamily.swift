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

/// One label pair. The name must be a valid Prometheus label name; the renderer does not check it.
public struct MetricLabel: Hashable, Sendable {
    public var name: String
    /// Any UTF-8 text; the renderer escapes `\`, `"` and newline.
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The metric types this exporter exposes; the raw value is the `# TYPE` keyword in both formats.
public enum MetricType: String, Sendable {
    case gauge
    case counter
    case histogram
}

/// The two wire formats the exporter serves, chosen by content negotiation at the edge.
public enum ExpositionFormat: Sendable {
    /// Prometheus text format 0.0.4.
    case text
    /// OpenMetrics 1.0.0 text.
    case openMetrics

    /// The `Content-Type` header value for a body in this format.
    public var contentType: String {
        switch self {
        case .text: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }
}

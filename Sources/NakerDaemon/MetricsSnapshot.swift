import NakerCore

/// One recalculation's result, rendered once into immutable bytes that a scrape body only copies.
///
/// The bytes hold the report's families. The sources' families change with every load (their
/// last success time), so they are rendered with a body's live part; a recalculation whose
/// data, date and config are unchanged then reuses the bytes (`with(sources:)`).
public struct MetricsSnapshot: Sendable {
    public let report: LabourMarketReport
    public private(set) var sources: [SourceStatus]
    /// Report families in text 0.0.4, and the same in OpenMetrics without `# EOF`.
    public let text: [UInt8]
    public let openMetrics: [UInt8]
    /// The two bodies deflated once; a scrape finishes the gzip member with its live part.
    public let textGzip: Gzip.Prefix
    public let openMetricsGzip: Gzip.Prefix

    /// - Parameter families: the report's (`DomainMetrics.reportFamilies`).
    public init(report: LabourMarketReport, sources: [SourceStatus], families: [MetricFamily]) {
        self.report = report
        self.sources = sources
        var text: [UInt8] = []
        ExpositionRenderer.renderBody(families, format: .text, into: &text)
        var openMetrics: [UInt8] = []
        ExpositionRenderer.renderBody(families, format: .openMetrics, into: &openMetrics)
        self.text = text
        self.openMetrics = openMetrics
        self.textGzip = Gzip.Prefix(text)
        self.openMetricsGzip = Gzip.Prefix(openMetrics)
    }

    /// The same report with newer source statuses.
    public func with(sources: [SourceStatus]) -> MetricsSnapshot {
        var copy = self
        copy.sources = sources
        return copy
    }

    public func body(_ format: ExpositionFormat) -> [UInt8] {
        format == .text ? text : openMetrics
    }

    public func gzipPrefix(_ format: ExpositionFormat) -> Gzip.Prefix {
        format == .text ? textGzip : openMetricsGzip
    }
}

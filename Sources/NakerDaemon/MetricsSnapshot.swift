import NakerCore

/// One recalculation's result, rendered once into immutable bytes that a scrape body only copies.
public struct MetricsSnapshot: Sendable {
    public let report: LabourMarketReport
    public let sources: [SourceStatus]
    /// Domain families in text 0.0.4, and the same in OpenMetrics without `# EOF`.
    public let text: [UInt8]
    public let openMetrics: [UInt8]
    /// The two bodies deflated once; a scrape finishes the gzip member with its live part.
    public let textGzip: Gzip.Prefix
    public let openMetricsGzip: Gzip.Prefix

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

    public func body(_ format: ExpositionFormat) -> [UInt8] {
        format == .text ? text : openMetrics
    }

    public func gzipPrefix(_ format: ExpositionFormat) -> Gzip.Prefix {
        format == .text ? textGzip : openMetricsGzip
    }
}

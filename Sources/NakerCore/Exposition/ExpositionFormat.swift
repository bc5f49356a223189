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

/// The metric types this exporter exposes; the raw value is the `# TYPE` keyword in both formats.
public enum MetricType: String, Sendable {
    case gauge
    case counter
    case histogram
}

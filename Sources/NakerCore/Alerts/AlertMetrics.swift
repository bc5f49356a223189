/// The `naker_alerts` family (SPEC 8), Prometheus' `ALERTS` with only alertname, alertstate and severity.
public enum AlertMetrics {
    /// One sample per (alertname, alertstate, severity) of the pending and firing alerts. Its value counts
    /// the alerts sharing those labels: 1 for a single alert, more when one rule fires for several targets
    /// or sources, which would otherwise be duplicate series.
    public static func family(_ alerts: [Alert]) -> MetricFamily {
        var counts: [[String]: Int] = [:]
        for alert in alerts where alert.state != .resolved {
            counts[[alert.alertname, alert.state.rawValue, alert.severity], default: 0] += 1
        }
        let samples = counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            MetricSample(
                labels: [
                    MetricLabel("alertname", key[0]), MetricLabel("alertstate", key[1]),
                    MetricLabel("severity", key[2]),
                ],
                value: Double(counts[key] ?? 0))
        }
        return MetricFamily(
            name: "naker_alerts", help: "Pending and firing alerts, like Prometheus' ALERTS.", type: .gauge,
            samples: samples)
    }
}

/// The `naker_alerts` family (docs/metrics.md), as Prometheus' `ALERTS`: one series of value 1 per
/// pending or firing alert, labelled with `alertstate` and all the alert's own labels (alertname,
/// severity, the target or source, the rule's extra labels), so two alerts of one rule are two series.
public enum AlertMetrics {
    public static func family(_ alerts: [Alert]) -> MetricFamily {
        let samples = alerts.filter { $0.state != .resolved }.map { alert in
            let others = alert.labels.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }
            return MetricSample(
                labels: [
                    MetricLabel("alertname", alert.alertname),
                    MetricLabel("alertstate", alert.state.rawValue),
                ]
                    + others.map { MetricLabel($0.key, $0.value) },
                value: 1)
        }
        return MetricFamily(
            name: "naker_alerts", help: "Pending and firing alerts, like Prometheus' ALERTS; 1 per alert.",
            type: .gauge,
            samples: samples.sorted {
                $0.labels.lexicographicallyPrecedes($1.labels) { ($0.name, $0.value) < ($1.name, $1.value) }
            })
    }
}

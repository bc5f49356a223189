import NakerCore

/// The daemon's own families (docs/metrics.md), rendered per scrape from the live counters.
public enum SelfMetrics {
    public static func families(_ status: RecalculationStatus, version: String, revision: String)
        -> [MetricFamily]
    {
        func gauge(_ name: String, _ help: String, _ value: Double?) -> MetricFamily {
            MetricFamily(
                name: name, help: help, type: .gauge, samples: value.map { [MetricSample(value: $0)] } ?? [])
        }
        return [
            MetricFamily(
                name: "naker_recalcs", help: "Recalculations run.", type: .counter,
                samples: [MetricSample(value: Double(status.recalculations))]),
            MetricFamily(
                name: "naker_recalc_failures", help: "Recalculations in which a source had no data at all.",
                type: .counter, samples: [MetricSample(value: Double(status.failures))]),
            gauge(
                "naker_recalc_duration_seconds", "Duration of the last recalculation, loads included.",
                status.lastDurationSeconds),
            gauge(
                "naker_last_recalc_success_timestamp_seconds",
                "Unix time of the last successful recalculation.", status.lastSuccess),
            gauge(
                "naker_config_last_reload_successful",
                "Whether the last configuration reload attempt succeeded.",
                status.configReloadSuccessful ? 1 : 0),
            gauge(
                "naker_config_last_reload_success_timestamp_seconds",
                "Unix time of the last successful configuration reload.",
                status.configLastReloadSuccess),
            MetricFamily(
                name: "naker_build_info", help: "Build information; always 1.", type: .gauge,
                samples: [
                    MetricSample(
                        labels: [MetricLabel("version", version), MetricLabel("revision", revision)], value: 1
                    )
                ]),
        ]
    }
}

import NakerConfig
import NakerCore
import NakerNotify

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

/// `naker_alerts` and the `naker_notification*` families, with a zero for every configured receiver.
enum NotificationMetrics {
    static func families(
        _ status: NotificationStatus, receivers: [String], alertmanagers: [AlertmanagerReceiverConfig] = []
    ) -> [MetricFamily] {
        func perReceiver(_ value: (String) -> Int) -> [MetricSample] {
            receivers.map { MetricSample(labels: [MetricLabel("receiver", $0)], value: Double(value($0))) }
        }
        var latency: [MetricSample] = []
        for receiver in receivers {
            let histogram = status.latency[receiver] ?? LatencyHistogram()
            latency += MetricFamily.histogramSamples(
                labels: [MetricLabel("receiver", receiver)], upperBounds: LatencyHistogram.upperBounds,
                cumulativeCounts: histogram.cumulativeCounts, sum: histogram.sum, count: histogram.count)
        }
        return [
            AlertMetrics.family(status.alerts),
            MetricFamily(
                name: "naker_notifications", help: "Notifications finished: delivered or given up.",
                type: .counter,
                samples: perReceiver { status.finished[$0] ?? 0 }),
            MetricFamily(
                name: "naker_notifications_failed",
                help: "Notifications given up (4xx other than 408/429, or give_up_after).",
                type: .counter, samples: perReceiver { status.failed[$0] ?? 0 }),
            MetricFamily(
                name: "naker_notification_queue_length", help: "Notifications waiting in the outbox.",
                type: .gauge,
                samples: perReceiver { status.queueLength[$0] ?? 0 }),
            MetricFamily(
                name: "naker_notification_requests", help: "Delivery attempts (HTTP requests) to receivers.",
                type: .counter, samples: perReceiver { status.requests[$0] ?? 0 }),
            MetricFamily(
                name: "naker_notification_requests_failed",
                help: "Delivery attempts that did not get a 2xx, by reason.", type: .counter,
                samples: receivers.flatMap { receiver in
                    WebhookResult.failureReasons.map { reason in
                        MetricSample(
                            labels: [MetricLabel("receiver", receiver), MetricLabel("reason", reason)],
                            value: Double(status.failedRequests[receiver]?[reason] ?? 0))
                    }
                }),
            MetricFamily(
                name: "naker_notification_latency_seconds",
                help: "Time from the first delivery attempt to a 2xx.",
                type: .histogram, samples: latency),
        ] + alertmanagerFamilies(status, alertmanagers)
    }

    /// Per member of each `alertmanager:` receiver, as Prometheus' `prometheus_notifications_*`.
    static func alertmanagerFamilies(_ status: NotificationStatus, _ receivers: [AlertmanagerReceiverConfig])
        -> [MetricFamily]
    {
        let members = receivers.flatMap { receiver in
            receiver.urls.map {
                AlertmanagerMember(receiver: receiver.name, url: AlertmanagerService.endpoint($0))
            }
        }
        func labels(_ member: AlertmanagerMember) -> [MetricLabel] {
            [MetricLabel("receiver", member.receiver), MetricLabel("alertmanager", member.url)]
        }
        func stats(_ member: AlertmanagerMember) -> AlertmanagerMemberStats {
            status.alertmanagers[member] ?? AlertmanagerMemberStats()
        }
        guard !members.isEmpty else { return [] }
        return [
            MetricFamily(
                name: "naker_alertmanager_notifications_sent",
                help: "Alerts posted to an Alertmanager and accepted.",
                type: .counter,
                samples: members.map { MetricSample(labels: labels($0), value: Double(stats($0).sent)) }),
            MetricFamily(
                name: "naker_alertmanager_notifications_errors",
                help: "Alerts whose post to an Alertmanager failed (not accepted, timeout, unreachable).",
                type: .counter,
                samples: members.map { MetricSample(labels: labels($0), value: Double(stats($0).errors)) }),
            MetricFamily(
                name: "naker_alertmanager_notification_latency_seconds",
                help: "Time of an accepted post to an Alertmanager.", type: .histogram,
                samples: members.flatMap { member in
                    let histogram = stats(member).latency
                    return MetricFamily.histogramSamples(
                        labels: labels(member), upperBounds: LatencyHistogram.upperBounds,
                        cumulativeCounts: histogram.cumulativeCounts, sum: histogram.sum,
                        count: histogram.count)
                }),
        ]
    }
}

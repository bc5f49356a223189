import NakerCore

/// `naker_alerts` and the `naker_notification*` families, with a zero for every configured receiver.
enum NotificationMetrics {
    static func families(_ status: NotificationStatus, receivers: [String]) -> [MetricFamily] {
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
                name: "naker_notification_latency_seconds",
                help: "Time from the first delivery attempt to a 2xx.",
                type: .histogram, samples: latency),
        ]
    }
}

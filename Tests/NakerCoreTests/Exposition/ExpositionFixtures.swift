import NakerCore

/// Families of every type and awkward value, shared by the tests that feed real parsers.
enum ExpositionFixtures {
    static let families: [MetricFamily] = [
        MetricFamily(
            name: "naker_notification_latency_seconds",
            help: "Time from a notification's first attempt to a 2xx response.",
            type: .histogram,
            samples: latencySamples(receiver: "ops", counts: [0, 2, 5, 6, 6, 7], sum: 14.5, count: 8)
                + latencySamples(receiver: "mail", counts: [1, 1, 1, 1, 1, 1], sum: 0.001, count: 1)
        ),
        MetricFamily(
            name: "naker_notifications",
            help: "Notifications delivered, by receiver.",
            type: .counter,
            samples: [
                MetricSample(labels: [MetricLabel("receiver", "ops")], value: 12),
                MetricSample(labels: [MetricLabel("receiver", "mail")], value: 0),
            ]
        ),
        MetricFamily(
            name: "naker_unemployed",
            help: #"Unemployed persons ("penganggur"), path C:\naker,"# + "\nlatest survey period.",
            type: .gauge,
            samples: [
                MetricSample(labels: [MetricLabel("area", "Kota Bogor")], value: 21816),
                MetricSample(labels: [MetricLabel("area", #"Say "hi" \ bye"# + "\nnext")], value: -3),
                MetricSample(labels: [MetricLabel("area", "Jawa Barat")], value: 1.5e20),
            ]
        ),
        MetricFamily(
            name: "naker_open_unemployment_ratio",
            help: "Open unemployment rate (TPT), 0-1.",
            type: .gauge,
            samples: [
                MetricSample(labels: [MetricLabel("area", "a")], value: 0.04460441450480149),
                MetricSample(labels: [MetricLabel("area", "b")], value: 1e-05),
                MetricSample(labels: [MetricLabel("area", "c")], value: .nan),
                MetricSample(labels: [MetricLabel("area", "d")], value: .infinity),
                MetricSample(labels: [MetricLabel("area", "e")], value: -.infinity),
                MetricSample(labels: [MetricLabel("area", "f")], value: 2.1816),
            ]
        ),
        MetricFamily(
            name: "naker_alerts",
            help: "One per pending or firing alert.",
            type: .gauge,
            samples: []
        ),
        MetricFamily(
            name: "naker_recalc_failures", help: "Failed recalculations.", type: .counter, samples: []),
        MetricFamily(
            name: "naker_build_info", help: "Build information.", type: .gauge,
            samples: [
                MetricSample(
                    labels: [MetricLabel("version", "1.0.0"), MetricLabel("revision", "abc123")], value: 1)
            ]),
    ]

    static let latencyBounds: [Double] = [0.005, 0.1, 1, 10, 100_000, 1e6]

    private static func latencySamples(
        receiver: String, counts: [UInt64], sum: Double, count: UInt64
    ) -> [MetricSample] {
        MetricFamily.histogramSamples(
            labels: [MetricLabel("receiver", receiver)], upperBounds: latencyBounds, cumulativeCounts: counts,
            sum: sum, count: count
        )
    }
}

import NakerCore
import Testing

struct ExpositionRendererTests {
    static let unemployed = MetricFamily(
        name: "naker_unemployed", help: "Unemployed persons, latest survey period.", type: .gauge,
        samples: [
            MetricSample(labels: [MetricLabel("area", "Kota Bogor")], value: 21816),
            MetricSample(labels: [MetricLabel("area", "Jawa Barat")], value: 2.1816),
        ]
    )
    static let recalcs = MetricFamily(
        name: "naker_recalcs", help: "Recalculations run.", type: .counter,
        samples: [MetricSample(value: 7)]
    )
    static let latency = MetricFamily(
        name: "naker_notification_latency_seconds", help: "First attempt to 2xx.", type: .histogram,
        samples: MetricFamily.histogramSamples(
            labels: [MetricLabel("receiver", "ops")], upperBounds: [0.1, 1, 10], cumulativeCounts: [1, 3, 4],
            sum: 5.25, count: 5
        )
            + MetricFamily.histogramSamples(
                labels: [MetricLabel("receiver", "mail")], upperBounds: [0.1, 1, 10],
                cumulativeCounts: [0, 0, 1], sum: 2, count: 1
            )
    )

    @Test func gaugeWithLabelsText() {
        #expect(
            ExpositionRenderer.render([Self.unemployed], format: .text) == """
                # HELP naker_unemployed Unemployed persons, latest survey period.
                # TYPE naker_unemployed gauge
                naker_unemployed{area="Jawa Barat"} 2.1816
                naker_unemployed{area="Kota Bogor"} 21816

                """
        )
    }

    @Test func gaugeWithLabelsOpenMetrics() {
        #expect(
            ExpositionRenderer.render([Self.unemployed], format: .openMetrics) == """
                # TYPE naker_unemployed gauge
                # HELP naker_unemployed Unemployed persons, latest survey period.
                naker_unemployed{area="Jawa Barat"} 2.1816
                naker_unemployed{area="Kota Bogor"} 21816
                # EOF

                """
        )
    }

    @Test func counterTextIsTypedByItsTotalName() {
        #expect(
            ExpositionRenderer.render([Self.recalcs], format: .text) == """
                # HELP naker_recalcs_total Recalculations run.
                # TYPE naker_recalcs_total counter
                naker_recalcs_total 7

                """
        )
    }

    @Test func counterOpenMetricsIsTypedByItsBaseName() {
        #expect(
            ExpositionRenderer.render([Self.recalcs], format: .openMetrics) == """
                # TYPE naker_recalcs counter
                # HELP naker_recalcs Recalculations run.
                naker_recalcs_total 7
                # EOF

                """
        )
    }

    @Test func histogramText() {
        #expect(
            ExpositionRenderer.render([Self.latency], format: .text) == """
                # HELP naker_notification_latency_seconds First attempt to 2xx.
                # TYPE naker_notification_latency_seconds histogram
                naker_notification_latency_seconds_bucket{receiver="mail",le="0.1"} 0
                naker_notification_latency_seconds_bucket{receiver="mail",le="1.0"} 0
                naker_notification_latency_seconds_bucket{receiver="mail",le="10.0"} 1
                naker_notification_latency_seconds_bucket{receiver="mail",le="+Inf"} 1
                naker_notification_latency_seconds_sum{receiver="mail"} 2
                naker_notification_latency_seconds_count{receiver="mail"} 1
                naker_notification_latency_seconds_bucket{receiver="ops",le="0.1"} 1
                naker_notification_latency_seconds_bucket{receiver="ops",le="1.0"} 3
                naker_notification_latency_seconds_bucket{receiver="ops",le="10.0"} 4
                naker_notification_latency_seconds_bucket{receiver="ops",le="+Inf"} 5
                naker_notification_latency_seconds_sum{receiver="ops"} 5.25
                naker_notification_latency_seconds_count{receiver="ops"} 5

                """
        )
    }

    @Test func histogramOpenMetrics() {
        #expect(
            ExpositionRenderer.render([Self.latency], format: .openMetrics) == """
                # TYPE naker_notification_latency_seconds histogram
                # HELP naker_notification_latency_seconds First attempt to 2xx.
                naker_notification_latency_seconds_bucket{receiver="mail",le="0.1"} 0
                naker_notification_latency_seconds_bucket{receiver="mail",le="1.0"} 0
                naker_notification_latency_seconds_bucket{receiver="mail",le="10.0"} 1
                naker_notification_latency_seconds_bucket{receiver="mail",le="+Inf"} 1
                naker_notification_latency_seconds_sum{receiver="mail"} 2
                naker_notification_latency_seconds_count{receiver="mail"} 1
                naker_notification_latency_seconds_bucket{receiver="ops",le="0.1"} 1
                naker_notification_latency_seconds_bucket{receiver="ops",le="1.0"} 3
                naker_notification_latency_seconds_bucket{receiver="ops",le="10.0"} 4
                naker_notification_latency_seconds_bucket{receiver="ops",le="+Inf"} 5
                naker_notification_latency_seconds_sum{receiver="ops"} 5.25
                naker_notification_latency_seconds_count{receiver="ops"} 5
                # EOF

                """
        )
    }

    @Test(arguments: [ExpositionFormat.text, .openMetrics])
    func labelValuesEscapeBackslashQuoteAndNewline(format: ExpositionFormat) {
        let family = MetricFamily(
            name: "naker_x", help: "h", type: .gauge,
            samples: [
                MetricSample(
                    labels: [MetricLabel("a", #"C:\dir "q""# + "\nend"), MetricLabel("b", "ünï")], value: 1)
            ]
        )
        let body = ExpositionRenderer.render([family], format: format)
        #expect(body.contains(#"naker_x{a="C:\\dir \"q\"\nend",b="ünï"} 1"# + "\n"))
    }

    @Test func helpTextEscapesBackslashAndNewlineButNotQuotes() {
        let family = MetricFamily(name: "naker_x", help: #"a "b" \c"# + "\nd", type: .gauge, samples: [])
        #expect(
            ExpositionRenderer.render([family], format: .text) == #"""
                # HELP naker_x a "b" \\c\nd
                # TYPE naker_x gauge

                """#
        )
    }

    @Test func openMetricsHelpAlsoEscapesQuotes() {
        let family = MetricFamily(name: "naker_x", help: #"a "b" \c"# + "\nd", type: .gauge, samples: [])
        #expect(
            ExpositionRenderer.render([family], format: .openMetrics) == #"""
                # TYPE naker_x gauge
                # HELP naker_x a \"b\" \\c\nd
                # EOF

                """#
        )
    }

    @Test func numbersUseTheShortestExactForm() {
        let values: [Double] = [
            21816, 0, -3, 2.1816, 0.04460441450480149, 1e-05, 1.5e20, .nan, .infinity, -.infinity,
        ]
        let family = MetricFamily(
            name: "naker_x", help: "h", type: .gauge,
            samples: values.enumerated().map {
                MetricSample(labels: [MetricLabel("i", "\($0.offset)")], value: $0.element)
            }
        )
        let lines = ExpositionRenderer.render([family], format: .text).split(separator: "\n").dropFirst(2)
        #expect(
            lines.map { $0.split(separator: " ").last.map(String.init) ?? "" } == [
                "21816", "0", "-3", "2.1816", "0.04460441450480149", "1e-05", "1.5e+20", "NaN", "+Inf",
                "-Inf",
            ]
        )
    }

    @Test func emptyFamilyKeepsHelpAndType() {
        let alerts = MetricFamily(name: "naker_alerts", help: "Alerts.", type: .gauge, samples: [])
        let failures = MetricFamily(
            name: "naker_recalc_failures", help: "Failures.", type: .counter, samples: [])
        #expect(
            ExpositionRenderer.render([failures, alerts], format: .text) == """
                # HELP naker_alerts Alerts.
                # TYPE naker_alerts gauge
                # HELP naker_recalc_failures_total Failures.
                # TYPE naker_recalc_failures_total counter

                """
        )
        #expect(
            ExpositionRenderer.render([failures, alerts], format: .openMetrics) == """
                # TYPE naker_alerts gauge
                # HELP naker_alerts Alerts.
                # TYPE naker_recalc_failures counter
                # HELP naker_recalc_failures Failures.
                # EOF

                """
        )
    }

    @Test func openMetricsEndsWithEofEvenWhenEmpty() {
        #expect(ExpositionRenderer.openMetricsTerminator == "# EOF\n")
        #expect(ExpositionRenderer.render([], format: .openMetrics) == "# EOF\n")
        #expect(ExpositionRenderer.render([], format: .text) == "")
        #expect(ExpositionRenderer.render([Self.recalcs], format: .openMetrics).hasSuffix("7\n# EOF\n"))
        #expect(!ExpositionRenderer.render([Self.recalcs], format: .text).contains("EOF"))
    }

    @Test(arguments: [ExpositionFormat.text, .openMetrics])
    func bufferVariantsMatchTheStringForm(format: ExpositionFormat) {
        let families = [Self.unemployed, Self.recalcs, Self.latency]
        var whole = Array("prefix\n".utf8)
        ExpositionRenderer.render(families, format: format, into: &whole)
        #expect(
            String(decoding: whole, as: UTF8.self) == "prefix\n"
                + ExpositionRenderer.render(families, format: format))

        // Two parts joined by the caller, terminated once: same bytes as one call over all families.
        var joined: [UInt8] = []
        ExpositionRenderer.renderBody([Self.recalcs, Self.latency], format: format, into: &joined)
        ExpositionRenderer.renderBody([Self.unemployed], format: format, into: &joined)
        if format == .openMetrics { joined.append(contentsOf: ExpositionRenderer.openMetricsTerminator.utf8) }
        #expect(
            String(decoding: joined, as: UTF8.self) == ExpositionRenderer.render(families, format: format))
    }

    @Test func contentTypes() {
        #expect(ExpositionFormat.text.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(
            ExpositionFormat.openMetrics.contentType
                == "application/openmetrics-text; version=1.0.0; charset=utf-8"
        )
    }
}

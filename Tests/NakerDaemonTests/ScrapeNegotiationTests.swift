import NakerCore
import Testing

@testable import NakerDaemon

struct ScrapeNegotiationTests {
    @Test(arguments: [
        (nil, ExpositionFormat.text),
        ("*/*", .text),
        ("text/plain", .text),
        ("text/plain;version=0.0.4", .text),
        ("application/openmetrics-text", .openMetrics),
        // Prometheus 2.x's scrape Accept header.
        (
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", .openMetrics
        ),
        ("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5", .text),
        // Protobuf first: we skip what we cannot write and take the next.
        (
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;q=0.5",
            .openMetrics
        ),
        ("application/openmetrics-text;version=2.0.0,text/plain;q=0.1", .text),
        ("application/openmetrics-text;q=0", .text),
        ("image/png", .text),
    ])
    func picksTheFormat(accept: String?, expected: ExpositionFormat) {
        #expect(ScrapeNegotiation.format(accept: accept) == expected)
    }

    @Test(arguments: [
        (nil, false), ("gzip", true), ("gzip, deflate, br", true), ("deflate", false), ("gzip;q=0", false),
        ("*", true),
        ("br;q=1.0, gzip;q=0.8", true), ("identity", false),
    ])
    func gzipWhenAccepted(header: String?, expected: Bool) {
        #expect(ScrapeNegotiation.acceptsGzip(header) == expected)
    }
}

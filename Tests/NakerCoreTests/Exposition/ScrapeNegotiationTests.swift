import Testing

@testable import NakerCore

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
        // Prometheus 3.x's, with the escaping parameter.
        (
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            .openMetrics
        ),
        // Optional whitespace around every part.
        (" text/plain ; version = 0.0.4 ;\tq = 0.9 , application/openmetrics-text ; q=0.5\t", .text),
        ("text/plain;q=0.4, \tApplication/OpenMetrics-Text ;\tVersion=1.0.0 ;q=0.5", .openMetrics),
    ])
    func picksTheFormat(accept: String?, expected: ExpositionFormat) {
        #expect(ScrapeNegotiation.format(accept: accept) == expected)
    }

    /// Accept-Encoding by RFC 9110, 12.5.3: a named coding's q decides; `*` covers only codings not
    /// named; q=0 means "not acceptable".
    @Test(arguments: [
        (nil, false), ("", false), ("gzip", true), ("gzip, deflate, br", true), ("deflate", false),
        ("gzip;q=0", false), ("gzip;q=0.000", false), ("gzip;q=0.001", true), ("*", true), ("*;q=0", false),
        ("gzip;q=0, *", false), ("*, gzip;q=0", false), ("gzip;q=0, *;q=1", false), ("br, *;q=0.1", true),
        ("br, *;q=0", false), ("gzip;q=0.5, *;q=0", true), ("x-gzip", true), ("X-GZIP;q=0, *", false),
        ("br;q=1.0, gzip;q=0.8", true), ("identity", false), ("identity;q=0, *", true),
        (" gzip ; q=0 ", false), ("deflate,\tGZIP\t", true), ("gzip;q=abc", false), ("gzip;q=2", false),
        ("gzip;q=0, gzip;q=1", true),
    ])
    func gzipWhenAccepted(header: String?, expected: Bool) {
        #expect(ScrapeNegotiation.acceptsGzip(header) == expected)
    }
}

import Hummingbird
import HummingbirdTesting
import NakerConfig
import NakerNotify
import Testing

@testable import NakerDaemon

/// The routes and their statuses, in process through Hummingbird's test client; what needs the
/// real connection (keep-alive, size limits) is `HTTPProtocolTests`' against the binary.
struct MetricsServerTests {
    func application(lifecycle: Bool = false, telemetryPath: String = "/metrics") throws
        -> some ApplicationProtocol
    {
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]
                """, baseDirectory: "/nonexistent", templates: TemplateCheck())
        let server = MetricsServer(
            state: ExporterState(config: config, configLoadedAt: 0), events: RecalculationEvents(),
            lifecycleEnabled: lifecycle, version: "0.1.0", revision: "abc", telemetryPath: telemetryPath)
        return Application(router: server.router())
    }

    @Test func pathsAndTheirStatuses() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/-/healthy", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "Healthy.\n")
            }
            // No recalculation has finished: not ready, and the page says so.
            try await client.execute(uri: "/-/ready", method: .get) {
                #expect($0.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("Perhitungan pertama belum selesai"))
            }
            try await client.execute(uri: "/nope", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func thePageSpeaksIndonesianUnlessAskedForEnglish() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<html lang=\"id\">"))
                #expect(response.headers[.contentLanguage] == "id")
                #expect(response.headers[.vary] == "Accept-Language")
            }
            try await client.execute(uri: "/?lang=en", method: .get) { response in
                #expect(
                    String(buffer: response.body).contains("The first recalculation has not finished yet"))
                #expect(response.headers[.contentLanguage] == "en")
            }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.8"]) {
                #expect(String(buffer: $0.body).contains("<html lang=\"en\">"))
            }
            try await client.execute(uri: "/?lang=id", method: .get, headers: [.acceptLanguage: "en"]) {
                #expect(String(buffer: $0.body).contains("<html lang=\"id\">"))
            }
        }
    }

    @Test func theStatusAPIIsJSONAndSaysWhenNothingIsReady() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/api/v1/status", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let body = String(buffer: response.body)
                #expect(body.contains(#""ready":false"#))
                #expect(body.contains(#""targets":[]"#))
                #expect(body.contains(#""sources":[]"#))
            }
            try await client.execute(uri: "/api/v1/status", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test func otherMethodsGet405WithWhatIsAllowed() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/-/reload", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
        }
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        try await application().test(.router) { client in
            for path in ["/metrics", "/", "/-/healthy", "/-/ready", "/api/v1/status"] {
                let get = try await client.execute(uri: path, method: .get)
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == get.status, "\(path)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                #expect(head.body.readableBytes == 0, "\(path)")
            }
        }
    }

    @Test func theTelemetryPathMovesTheMetricsAndThePagesLink() async throws {
        try await application(telemetryPath: "/naker/metrics").test(.router) { client in
            try await client.execute(uri: "/naker/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("naker_build_info{"))
            }
            try await client.execute(uri: "/naker/metrics", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/naker/metrics", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(
                    String(buffer: response.body).contains(#"<a href="/naker/metrics">/naker/metrics</a>"#))
            }
        }
    }

    @Test func metricsAreNegotiated() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(response.headers[.contentEncoding] == nil)
                #expect(String(buffer: response.body).contains("naker_build_info{"))
            }
            let openMetrics: HTTPFields = [
                .accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"
            ]
            try await client.execute(uri: "/metrics", method: .get, headers: openMetrics) { response in
                #expect(response.headers[.contentType]?.hasPrefix("application/openmetrics-text") == true)
                #expect(String(buffer: response.body).hasSuffix("# EOF\n"))
            }
            let gzip: HTTPFields = [.acceptEncoding: "gzip"]
            try await client.execute(uri: "/metrics", method: .get, headers: gzip) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            }
            let refused: HTTPFields = [.acceptEncoding: "gzip;q=0, *"]
            try await client.execute(uri: "/metrics", method: .get, headers: refused) { response in
                #expect(response.headers[.contentEncoding] == nil)
            }
        }
    }

    @Test func reloadNeedsTheLifecycleFlag() async throws {
        try await application(lifecycle: false).test(.router) { client in
            try await client.execute(uri: "/-/reload", method: .post) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("--web.enable-lifecycle"))
            }
        }
    }
}

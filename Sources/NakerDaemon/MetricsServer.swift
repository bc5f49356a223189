import Hummingbird
import Logging
import NakerCore

/// The HTTP side (docs/http.md). Every handler reads from memory; none waits on a data source.
public struct MetricsServer: Sendable {
    let state: ExporterState
    let events: RecalculationEvents
    let lifecycleEnabled: Bool
    let version: String
    let revision: String
    let scrapes: ScrapeCache

    public init(
        state: ExporterState, events: RecalculationEvents, lifecycleEnabled: Bool, version: String,
        revision: String
    ) {
        self.state = state
        self.events = events
        self.lifecycleEnabled = lifecycleEnabled
        self.version = version
        self.revision = revision
        scrapes = ScrapeCache(state: state, version: version, revision: revision)
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { request, _ in metrics(request) }
        router.get("/") { _, _ in
            Self.response(
                .ok,
                LandingPage.render(
                    snapshot: state.snapshot, status: state.status, notifications: state.notifications,
                    version: version),
                contentType: "text/html; charset=utf-8")
        }
        router.get("/-/healthy") { _, _ in Self.response(.ok, "Healthy.\n") }
        router.get("/-/ready") { _, _ in
            state.status.ready
                ? Self.response(.ok, "Ready.\n") : Self.response(.serviceUnavailable, "Not ready.\n")
        }
        router.post("/-/reload") { _, _ in await reload() }
        return router
    }

    func metrics(_ request: Request) -> Response {
        let format = ScrapeNegotiation.format(accept: request.headers[.accept])
        let gzip = ScrapeNegotiation.acceptsGzip(request.headers[.acceptEncoding])
        return Response(
            status: .ok, headers: Self.metricsHeaders[ScrapeCache.slot(format: format, gzip: gzip)],
            body: ResponseBody(byteBuffer: scrapes.body(format: format, gzip: gzip)))
    }

    /// Built once, indexed by `ScrapeCache.slot`.
    static let metricsHeaders: [HTTPFields] = [ExpositionFormat.text, .openMetrics].flatMap { format in
        [[.contentType: format.contentType], [.contentType: format.contentType, .contentEncoding: "gzip"]]
    }

    func reload() async -> Response {
        guard lifecycleEnabled else {
            return Self.response(
                .forbidden, "Lifecycle API is not enabled; start with --web.enable-lifecycle.\n")
        }
        switch await events.reload() {
        case .success: return Self.response(.ok, "Config reloaded.\n")
        case .failure(let error): return Self.response(.internalServerError, "\(error)\n")
        }
    }

    static func response(
        _ status: HTTPResponse.Status, _ text: String, contentType: String = "text/plain; charset=utf-8"
    )
        -> Response
    {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

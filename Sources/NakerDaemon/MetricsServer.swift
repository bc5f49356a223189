import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NakerConfig
import NakerCore

/// The HTTP side (docs/http.md). Every handler reads from memory; none waits on a data source.
public struct MetricsServer: Sendable {
    let state: ExporterState
    let events: RecalculationEvents
    let lifecycleEnabled: Bool
    let version: String
    let revision: String
    /// Where `/metrics` is served (`--web.telemetry-path`).
    let telemetryPath: String
    let scrapes: ScrapeCache
    /// `--web.config.file`: TLS, users and headers; nil serves plain HTTP to everyone.
    let security: WebSecurity?
    /// The status page's "now".
    let clock: any ServiceClock

    public init(
        state: ExporterState, events: RecalculationEvents, lifecycleEnabled: Bool, version: String,
        revision: String, telemetryPath: String = "/metrics", security: WebSecurity? = nil,
        clock: any ServiceClock = SystemClock()
    ) {
        self.clock = clock
        self.telemetryPath = telemetryPath
        self.security = security
        self.state = state
        self.events = events
        self.lifecycleEnabled = lifecycleEnabled
        self.version = version
        self.revision = revision
        scrapes = ScrapeCache(state: state, version: version, revision: revision)
    }

    /// The HTTP/1 server with the connection rules of `HTTPConnectionRules` and `ConnectionLimits`,
    /// over TLS when the web config asks for it. Scrapes skip the router (`ScrapeFastPath`)
    /// unless a web config is in use: its passwords and headers are the router's to apply.
    public func httpServer(registry: ConnectionRegistry) -> HTTPServerBuilder {
        NakerHTTPChannel.server(
            security: security, registry: registry,
            fastPath: security == nil ? (telemetryPath, scrapes) : nil)
    }

    /// Every path and what may be asked of it; other methods get 405 with `Allow`.
    var methods: [String: [HTTPRequest.Method]] {
        [
            telemetryPath: [.get, .head], "/": [.get, .head], "/-/healthy": [.get, .head],
            "/-/ready": [.get, .head], "/api/v1/status": [.get, .head],
            "/-/reload": [.post],
        ]
    }

    /// Paths the server answers besides the telemetry path, which may not take one of them.
    public static let fixedPaths: Set<String> = [
        "/", "/-/healthy", "/-/ready", "/-/reload", "/api/v1/status",
    ]

    public func router() -> Router<BasicRequestContext> {
        // HEAD answers as GET does, without the body.
        let router = Router(options: .autoGenerateHeadEndpoints)
        if let security { router.add(middleware: WebAccess(security: security)) }
        router.add(middleware: MethodNotAllowed(allowed: methods))
        router.get(RouterPath(telemetryPath)) { request, _ in metrics(request) }
        router.get("/") { request, _ in statusPage(request) }
        router.get("/api/v1/status") { _, _ in statusDocument() }
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

    /// 405 with the methods the path allows, for a known path asked with another method.
    struct MethodNotAllowed<Context: RequestContext>: RouterMiddleware {
        let allowed: [String: [HTTPRequest.Method]]

        func handle(
            _ request: Request, context: Context, next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            guard let methods = allowed[request.uri.path], !methods.contains(request.method) else {
                return try await next(request, context)
            }
            var response = MetricsServer.response(.methodNotAllowed, "Method not allowed.\n")
            response.headers[.allow] = methods.map(\.rawValue).joined(separator: ", ")
            return response
        }
    }

    /// Basic auth on every path when the web config names users, and its extra headers on every
    /// answer, errors included.
    struct WebAccess<Context: RequestContext>: RouterMiddleware {
        let security: WebSecurity

        func handle(
            _ request: Request, context: Context, next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            let settings = security.current()
            var response: Response
            if !settings.config.users.isEmpty,
                await !security.passwords.allows(
                    authorization: request.headers[.authorization], users: settings.config.users)
            {
                response = MetricsServer.response(.unauthorized, "Unauthorized.\n")
                response.headers[.wwwAuthenticate] = "Basic realm=\"naker-exporter\", charset=\"UTF-8\""
            } else {
                do {
                    response = try await next(request, context)
                } catch let error as any HTTPResponseError {
                    response = try error.response(from: request, context: context)
                }
            }
            for header in settings.config.headers {
                if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
            }
            return response
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

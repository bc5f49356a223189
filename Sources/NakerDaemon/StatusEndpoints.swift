import HTTPTypes
import Hummingbird
import NakerCore

/// `/` and `/api/v1/status`: one view of the state, as a page for people or as JSON.
extension MetricsServer {
    func statusView() -> StatusView {
        let (snapshot, status, config) = (state.snapshot, state.status, state.config)
        let notifications = state.notifications
        // Summaries are rendered as a notification renders them, from the alert's own sample.
        let alerts = notifications.alerts.compactMap {
            StatusAlert($0, summary: NotificationRenderer.annotations($0)["summary"] ?? "")
        }
        return StatusView(
            version: version, now: clock.unixTime, timeZone: config.global.timeZone, report: snapshot?.report,
            recalculations: status.recalculations, lastRecalculation: status.lastSuccess,
            sources: snapshot?.sources ?? [], alerts: alerts,
            receiverProblems: notifications.receiverProblems,
            telemetryPath: telemetryPath)
    }

    func statusPage(_ request: Request) -> Response {
        let language = StatusLanguage.negotiate(
            query: request.uri.queryParameters.get("lang"), acceptLanguage: request.headers[.acceptLanguage])
        var response = Self.response(
            .ok, StatusPage.render(statusView(), language: language), contentType: "text/html; charset=utf-8")
        // The page differs by language; a cache between office and exporter must keep both apart.
        response.headers[.vary] = "Accept-Language"
        response.headers[.contentLanguage] = language.rawValue
        return response
    }

    func statusDocument() -> Response {
        do {
            let body = try StatusDocument(statusView()).json()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        } catch {
            return Self.response(.internalServerError, "The status could not be encoded: \(error)\n")
        }
    }
}

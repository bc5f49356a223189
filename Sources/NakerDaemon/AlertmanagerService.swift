import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerNotify
import ServiceLifecycle

/// Pushes the alerts of each `alertmanager:` receiver to every member of its cluster
/// (`<url>/api/v2/alerts`), as Prometheus does (`AlertmanagerPush` decides what and when). Members
/// are posted to side by side, so one that does not answer holds back none of the others; a failed
/// post is not retried on its own, since the next resend carries the same alerts.
public struct AlertmanagerService: Service {
    let state: ExporterState
    let transport: WebhookTransport
    let externalURL: String
    let logger: Logger
    let tick: Duration
    let clock: any ServiceClock

    public init(
        state: ExporterState, transport: WebhookTransport = WebhookTransport(), externalURL: String,
        logger: Logger, tick: Duration = .seconds(1), clock: any ServiceClock
    ) {
        self.state = state
        self.transport = transport
        self.externalURL = externalURL
        self.logger = logger
        self.tick = tick
        self.clock = clock
    }

    public func run() async throws {
        var pushes: [String: AlertmanagerPush] = [:]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let receivers = state.config.alertmanagers
            pushes = pushes.filter { name, _ in receivers.contains { $0.name == name } }
            let alerts = state.notifications.alerts
            for receiver in receivers {
                let now = clock.unixTime
                let resendDelay = receiver.resendDelay.seconds
                guard
                    let due = pushes[receiver.name, default: AlertmanagerPush()].due(
                        alerts: alerts, receiver: receiver.name, now: now, resendDelay: resendDelay)
                else { continue }
                let body = AlertmanagerPush.body(
                    due, now: now, resendDelay: resendDelay, generatorURL: externalURL,
                    annotations: NotificationRenderer.annotations)
                await post(body, alerts: due.count, to: receiver)
            }
            try? await clock.sleep(for: tick)
        }
    }

    /// One push to every member; each member's outcome is counted under its URL.
    func post(_ body: [UInt8], alerts count: Int, to receiver: AlertmanagerReceiverConfig) async {
        let headers: [WebhookHeader]
        do {
            headers = try Self.headers(receiver)
        } catch {
            for url in receiver.urls { record(receiver, url, count, result: nil, seconds: 0) }
            logger.error(
                "alertmanager push not sent: a header or password cannot be read",
                metadata: ["receiver": .string(receiver.name), "error": "\(error)"])
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for url in receiver.urls {
                group.addTask {
                    let started = clock.elapsed
                    let result: WebhookResult
                    do {
                        var request = try WebhookRequest(
                            receiver: receiver.name, url: Self.endpoint(url), body: body, headers: headers,
                            idempotencyKey: UUID().uuidString,
                            timeout: receiver.timeout.seconds,
                            timestamp: Int(clock.unixTime))
                        request.caFile = receiver.caFile
                        result = await transport.post(request)
                    } catch {
                        result = .transportError(.connectionFailed)
                    }
                    let seconds = (clock.elapsed - started).seconds
                    record(receiver, url, count, result: result, seconds: seconds)
                }
            }
        }
    }

    private func record(
        _ receiver: AlertmanagerReceiverConfig, _ url: String, _ count: Int, result: WebhookResult?,
        seconds: Double
    ) {
        let member = AlertmanagerMember(receiver: receiver.name, url: Self.endpoint(url))
        let ok = result.map { $0.failureReason == nil } ?? false
        state.updateNotifications { $0.pushed(to: member, alerts: count, ok: ok, seconds: seconds) }
        guard !ok else { return }
        var metadata: Logger.Metadata = [
            "receiver": .string(receiver.name), "alertmanager": .string(member.url), "alerts": "\(count)",
        ]
        if let result { metadata["result"] = "\(result)" }
        logger.warning(
            "alertmanager push failed; the next resend carries the alerts again", metadata: metadata)
    }

    /// `<base>/api/v2/alerts`.
    static func endpoint(_ base: String) -> String { base + "/api/v2/alerts" }

    static func headers(_ receiver: AlertmanagerReceiverConfig) throws -> [WebhookHeader] {
        var headers = try receiver.headers.sorted { $0.key < $1.key }.map {
            WebhookHeader(name: $0.key, value: try $0.value.resolve())
        }
        if let auth = receiver.basicAuth {
            let token = Data("\(auth.username):\(try auth.password.resolve())".utf8).base64EncodedString()
            headers.append(WebhookHeader(name: "Authorization", value: "Basic \(token)"))
        }
        return headers
    }
}

/// One member of an Alertmanager receiver's cluster, as the metrics name it.
public struct AlertmanagerMember: Hashable, Sendable {
    public var receiver: String
    /// The member's `/api/v2/alerts` URL (the config refuses URLs with a user or password).
    public var url: String
}

/// A member's counters, after Prometheus' `prometheus_notifications_*`.
public struct AlertmanagerMemberStats: Hashable, Sendable {
    /// Alerts posted and accepted, and alerts whose post failed.
    public var sent = 0
    public var errors = 0
    public var latency = LatencyHistogram()
}

import Foundation
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerNotify

/// Webhook URLs, header values and secrets never appear in logs or errors. Requests whose
/// URL carries a token in the path and in the query fail in every way a delivery can fail, against
/// a receiver that echoes the request back; then every log line and every error text is searched.
struct NoSecretsInLogsTests {
    static let pathToken = "bot987654:PATH-SECRET-TOKEN"
    static let queryToken = "QUERY-SECRET-VALUE"
    static let headerToken = "HEADER-SECRET-VALUE"
    static let hmacSecret = "HMAC-SECRET-VALUE"

    func request(port: Int, scheme: String = "http", timeout: Double = 5) throws -> WebhookRequest {
        try WebhookRequest(
            receiver: "leadership",
            url:
                "\(scheme)://127.0.0.1:\(port)/\(Self.pathToken)/sendMessage?token=\(Self.queryToken)&chat=-100",
            body: Array(#"{"text":"Capaian WUB 78,5 %"}"#.utf8),
            headers: [WebhookHeader(name: "Authorization", value: "Bearer \(Self.headerToken)")],
            idempotencyKey: "grp-1", connectTimeout: 1, timeout: timeout, signingSecret: Self.hmacSecret,
            timestamp: 0)
    }

    @Test func noLogLineOrErrorTextContainsTheURLOrAnySecret() async throws {
        let (logger, store) = CapturingLogHandler.logger()
        let delivery = WebhookDelivery(transport: WebhookTransport(), logger: logger, clock: SystemClock())
        let receiver = try await WebhookReceiver(
            [
                .init(status: 500, echo: true),
                .init(status: 400, echo: true),
                .init(status: 302, headers: ["Location": "http://127.0.0.1/\(Self.pathToken)"], echo: true),
                .init(status: 401, echo: true),
                .init(sleep: 5),
            ], secret: Self.hmacSecret)
        let closed = WebhookReceiver.closedPort()
        var texts: [String] = []

        // 500, 400, 302, 401 with the request echoed back; then a timeout.
        for attempt in 1...5 {
            let outcome = await delivery.attempt(
                try request(port: receiver.port, timeout: attempt == 5 ? 0.5 : 5), attempt: attempt, random: 0
            )
            texts += ["\(outcome)", "\(outcome.result)", "\(outcome.decision)", String(reflecting: outcome)]
            var dumped = ""
            dump(outcome, to: &dumped)
            texts.append(dumped)
        }
        // Connection refused, and TLS against a plain-HTTP port.
        for sent in [try request(port: closed), try request(port: receiver.port, scheme: "https")] {
            let outcome = await delivery.attempt(sent, attempt: 1, random: 0)
            texts += ["\(outcome)", "\(outcome.decision)"]
            if case .transportError(let error) = outcome.result { texts.append("\(error)") }
        }
        // A request that cannot be built, and secrets that cannot be resolved.
        do {
            _ = try WebhookRequest(
                receiver: "leadership", url: "https://example.org/\(Self.pathToken)", body: [],
                headers: [WebhookHeader(name: "Authorization", value: "Bearer \(Self.headerToken)\r\nX: y")],
                idempotencyKey: "k", timestamp: 0)
        } catch {
            texts.append("\(error)")
        }
        do {
            _ = try WebhookRequest(
                receiver: "leadership", url: "ftp://127.0.0.1/\(Self.pathToken)", body: [],
                idempotencyKey: "k", timestamp: 0)
        } catch {
            texts.append("\(error)")
        }
        do {
            _ = try SecretReference(
                .environment("LEADERSHIP_TOKEN"), owner: "receiver \"leadership\"", field: "url"
            )
            .resolve(environment: [:])
        } catch {
            texts.append("\(error)")
        }
        texts += [
            "\(try request(port: receiver.port))", String(reflecting: try request(port: receiver.port)),
            "\(SecretReference(.value(Self.headerToken), owner: "receiver \"leadership\"", field: "header Authorization"))",
        ]

        let lines = store.all.map(\.line)
        #expect(lines.count == 7)
        // The echoes reached the log, redacted.
        #expect(lines.filter { $0.contains("[redacted]") }.count == 4)
        #expect(lines.allSatisfy { $0.contains("receiver=leadership") })
        // The receiver did get the secrets: the test would prove nothing otherwise.
        let recorded = try receiver.requests()
        #expect(recorded.first?.path.contains(Self.pathToken) == true)
        #expect(recorded.first?.headers["authorization"] == "Bearer \(Self.headerToken)")
        #expect(recorded.first?.signatureOK == true)

        let forbidden = [
            Self.pathToken, "987654", "PATH-SECRET", Self.queryToken, Self.headerToken, Self.hmacSecret,
            "127.0.0.1", ":\(receiver.port)", ":\(closed)", "sendMessage", "example.org", "-100",
            "PATH-SECRET-TOKEN".lowercased(),
        ]
        for text in lines + texts {
            for secret in forbidden {
                #expect(!text.contains(secret), "\(secret) leaked into: \(text)")
            }
        }
    }
}

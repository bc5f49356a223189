import Foundation
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerNotify

/// Against a real HTTP receiver on 127.0.0.1 (see `WebhookReceiver`).
struct WebhookTransportTests {
    let transport = WebhookTransport()

    func request(
        _ url: String, body: String = #"{"status":"firing"}"#, headers: [WebhookHeader] = [],
        key: String = "notif-1", timeout: Double = 5, secret: String? = nil
    ) throws -> WebhookRequest {
        try WebhookRequest(
            receiver: "leadership", url: url, body: Array(body.utf8), headers: headers, idempotencyKey: key,
            connectTimeout: 2, timeout: timeout, signingSecret: secret, timestamp: 0)
    }

    @Test(arguments: [200, 204, 400, 404, 500, 503])
    func statusesComeBackAsResponses(_ status: Int) async throws {
        let receiver = try await WebhookReceiver([.init(status: status, body: "answer \(status)")])
        let result = await transport.post(try request(receiver.url + "/hook"))
        guard case .response(let got, let headers, let body) = result else {
            Issue.record("expected a response, got \(result)")
            return
        }
        #expect(got == status)
        #expect(String(decoding: body, as: UTF8.self) == (status == 204 ? "" : "answer \(status)"))
        #expect(headers["content-length"] != nil)
        #expect(try receiver.requests().map(\.method) == ["POST"])
    }

    @Test func tooManyRequestsCarriesRetryAfter() async throws {
        let receiver = try await WebhookReceiver([.init(status: 429, headers: ["Retry-After": "2"])])
        let result = await transport.post(try request(receiver.url))
        guard case .response(429, let headers, _) = result else {
            Issue.record("expected 429, got \(result)")
            return
        }
        #expect(headers["retry-after"] == "2")
        let decision = RetryPolicy.decide(
            result, attempt: 1, firstAttemptAt: 0, now: 0, config: RetryConfig(), random: 0.1)
        #expect(decision == .retry(after: 2))
    }

    @Test func headersAndBodyArriveAsSentAndTheSignatureVerifies() async throws {
        let secret = "rahasia-bersama"
        let receiver = try await WebhookReceiver([.init()], secret: secret)
        let body = #"{"text":"Capaian WUB 78,5 % dari target, tertinggal 2.150 orang"}"#
        let sent = try request(
            receiver.url + "/hooks/leadership?x=1", body: body,
            headers: [
                WebhookHeader(name: "Authorization", value: "Bearer t0k3n"),
                WebhookHeader(name: "X-Extra", value: "a b"),
            ],
            key: "alertname=WUBBehindPlan/1714550400", secret: secret)
        #expect(await transport.post(sent).status == 200)
        let recorded = try #require(try receiver.requests().first)
        #expect(recorded.method == "POST")
        #expect(recorded.path == "/hooks/leadership?x=1")
        #expect(recorded.body == body)
        #expect(recorded.headers["content-type"] == "application/json")
        #expect(recorded.headers["content-length"] == "\(body.utf8.count)")
        #expect(recorded.headers["authorization"] == "Bearer t0k3n")
        #expect(recorded.headers["x-extra"] == "a b")
        #expect(recorded.headers["idempotency-key"] == "alertname=WUBBehindPlan/1714550400")
        #expect(
            recorded.headers["x-naker-timestamp"]
                == sent.headers.first { $0.name == "X-Naker-Timestamp" }?.value)
        #expect(recorded.headers["x-naker-signature"]?.hasPrefix("sha256=") == true)
        #expect(recorded.headers["expect"] == nil)
        #expect(recorded.signatureOK == true)
    }

    @Test func aWrongSecretDoesNotVerify() async throws {
        let receiver = try await WebhookReceiver([.init()], secret: "the-real-one")
        _ = await transport.post(try request(receiver.url, secret: "a-guess"))
        #expect(try receiver.requests().first?.signatureOK == false)
    }

    @Test func emptyAndLargeBodies() async throws {
        let receiver = try await WebhookReceiver([.init()])
        let large = String(repeating: "é", count: 40_000)
        #expect(await transport.post(try request(receiver.url, body: "")).status == 200)
        #expect(await transport.post(try request(receiver.url, body: large)).status == 200)
        #expect(try receiver.requests().map(\.body) == ["", large])
    }

    @Test func redirectsAreNotFollowed() async throws {
        let receiver = try await WebhookReceiver([
            .init(status: 302, headers: ["Location": "/elsewhere"]), .init(),
        ])
        let result = await transport.post(try request(receiver.url + "/old"))
        guard case .response(302, let headers, _) = result else {
            Issue.record("expected the 302 itself, got \(result)")
            return
        }
        #expect(headers["location"] == "/elsewhere")
        #expect(try receiver.requests().map(\.path) == ["/old"])
    }

    @Test func aHangingReceiverTimesOut() async throws {
        let receiver = try await WebhookReceiver([.init(sleep: 10)])
        let started = Date()
        let result = await transport.post(try request(receiver.url, timeout: 1))
        let elapsed = Date().timeIntervalSince(started)
        // A timeout at all shows the transfer was cut short: the receiver answers 200 after 10 s.
        #expect(result == .transportError(.timeout))
        #expect(elapsed >= 0.9, "not before the 1 s timeout")
    }

    @Test func aClosedPortIsAConnectionFailure() async throws {
        let result = await transport.post(
            try request("http://127.0.0.1:\(WebhookReceiver.closedPort())/hook"))
        #expect(result == .transportError(.connectionFailed))
    }

    @Test func tlsToAPlainHTTPServerIsATLSFailure() async throws {
        let receiver = try await WebhookReceiver([.init()])
        let result = await transport.post(try request("https://127.0.0.1:\(receiver.port)/hook"))
        #expect(result == .transportError(.tls))
    }

    @Test func responseBodiesAreCappedButTheStatusIsKept() async throws {
        let receiver = try await WebhookReceiver([.init(status: 500, bodySize: 100_000)])
        let result = await transport.post(try request(receiver.url))
        guard case .response(500, _, let body) = result else {
            Issue.record("expected 500, got \(result)")
            return
        }
        #expect(body.count == WebhookTransport.responseBodyLimit)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let receiver = try await WebhookReceiver([.init(sleep: 10)])
        let sent = try request(receiver.url, timeout: 20)
        let transport = transport
        let task = Task { await transport.post(sent) }
        // Cancelled once the request is in the receiver's hands, not before it was sent.
        _ = try await receiver.waitForRequests(1)
        task.cancel()
        // Aborted, not waited out: the receiver would answer 200 only after 10 s.
        #expect(await task.value == .transportError(.cancelled))
    }

    @Test func concurrentPostsDoNotWaitForEachOther() async throws {
        let slow = try await WebhookReceiver([.init(sleep: 10)])
        let fast = try await WebhookReceiver([.init()])
        let transport = transport
        let slowRequest = try request(slow.url, timeout: 20)
        let fastRequest = try request(fast.url)
        let slowDone = SharedFlag()
        let slowTask = Task {
            let result = await transport.post(slowRequest)
            slowDone.set()
            return result
        }
        _ = try await slow.waitForRequests(1)
        #expect(await transport.post(fastRequest).status == 200)
        // Answered while the slow one still waits on its receiver's 10 s answer.
        #expect(!slowDone.isSet)
        #expect(await slowTask.value.status == 200)
    }

    @Test func retriesUntilDeliveredWithTheSameIdempotencyKey() async throws {
        let receiver = try await WebhookReceiver([
            .init(status: 500), .init(status: 500), .init(status: 500), .init(),
        ])
        let (logger, store) = CapturingLogHandler.logger()
        let delivery = WebhookDelivery(transport: transport, logger: logger, clock: SystemClock())
        var decisions: [RetryDecision] = []
        var first: Double?
        for attempt in 1...10 {
            let outcome = await delivery.attempt(
                try request(receiver.url, key: "grp-42"), attempt: attempt, firstAttemptAt: first, random: 0)
            first = first ?? outcome.startedAt
            decisions.append(outcome.decision)
            if case .retry(let after) = outcome.decision {
                try await Task.sleep(for: .seconds(after))
            } else {
                break
            }
        }
        #expect(decisions == [.retry(after: 0), .retry(after: 0), .retry(after: 0), .delivered])
        let recorded = try receiver.requests()
        #expect(recorded.count == 4)
        #expect(Set(recorded.compactMap { $0.headers["idempotency-key"] }) == ["grp-42"])
        #expect(store.all.map(\.level) == [.warning, .warning, .warning, .info])
        #expect(store.all.allSatisfy { $0.metadata["receiver"] == "leadership" })
    }

    @Test func rejectionsGiveUpAndAreLoggedAsErrors() async throws {
        let receiver = try await WebhookReceiver([
            .init(status: 400, body: #"{"description":"chat not found"}"#)
        ])
        let (logger, store) = CapturingLogHandler.logger()
        let outcome = await WebhookDelivery(transport: transport, logger: logger, clock: SystemClock())
            .attempt(try request(receiver.url), attempt: 1)
        #expect(outcome.decision == .giveUp(.rejected(status: 400)))
        let entry = try #require(store.all.first)
        #expect(entry.level == .error)
        #expect(entry.metadata["status"] == "400")
        #expect(entry.metadata["response"] == #"{"description":"chat not found"}"#)
    }

    /// Telegram's answer for a group that became a supergroup: given up, with the new chat id logged.
    @Test func aMovedTelegramGroupIsLoggedWithItsNewChatID() async throws {
        let receiver = try await WebhookReceiver([
            .init(
                status: 400,
                body:
                    #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}}"#
            )
        ])
        let (logger, store) = CapturingLogHandler.logger()
        let outcome = await WebhookDelivery(transport: transport, logger: logger, clock: SystemClock())
            .attempt(try request(receiver.url), attempt: 1)
        #expect(outcome.decision == .giveUp(.rejected(status: 400)))
        let entry = try #require(store.all.first)
        #expect(entry.level == .error)
        #expect(entry.message.contains("became a supergroup"))
        #expect(entry.metadata["new_chat_id"] == "-1001234567890")
    }
}

import Testing

@testable import NakerNotify

struct WebhookRequestTests {
    let url = "https://api.telegram.org/bot123456:SECRET-TOKEN/sendMessage"

    @Test func headersInOrderWithIdempotencyKeyAndSignature() throws {
        let request = try WebhookRequest(
            receiver: "leadership", url: url, body: Array("{}".utf8),
            headers: [WebhookHeader(name: "Authorization", value: "Bearer abc")],
            idempotencyKey: "grp-1", signingSecret: "naker-rahasia", timestamp: 1_714_550_400)
        #expect(
            request.headers.map(\.name) == [
                "Content-Type", "Authorization", "Idempotency-Key", "X-Naker-Timestamp", "X-Naker-Signature",
            ])
        #expect(request.headers[2].value == "grp-1")
        #expect(request.headers[3].value == "1714550400")
        #expect(
            request.headers[4].value
                == WebhookSigner(secret: "naker-rahasia").signature(
                    timestamp: 1_714_550_400, body: Array("{}".utf8)))
    }

    @Test func withoutSecretNoSignatureHeaders() throws {
        let request = try WebhookRequest(receiver: "r", url: url, body: [], idempotencyKey: "k", timestamp: 0)
        #expect(request.headers.map(\.name) == ["Content-Type", "Idempotency-Key"])
    }

    @Test func connectTimeoutNeverExceedsTimeout() throws {
        let request = try WebhookRequest(
            receiver: "r", url: url, body: [], idempotencyKey: "k", connectTimeout: 5, timeout: 2,
            timestamp: 0)
        #expect(request.connectTimeout == 2)
    }

    @Test(arguments: [
        "ftp://example.org/x", "example.org/hook", "https://", "https://exa mple.org", "https://a\nb",
    ])
    func rejectsURLs(_ bad: String) {
        let error = #expect(throws: WebhookRequestError.self) {
            try WebhookRequest(receiver: "ops", url: bad, body: [], idempotencyKey: "k", timestamp: 0)
        }
        // The error carries the receiver's name only: no part of the URL can reach its description.
        #expect(error == .invalidURL(receiver: "ops"))
    }

    @Test func rejectsHeaderInjectionWithoutShowingTheValue() {
        let value = "Bearer SECRET\r\nX-Evil: 1"
        let error = #expect(throws: WebhookRequestError.self) {
            try WebhookRequest(
                receiver: "ops", url: url, body: [],
                headers: [WebhookHeader(name: "Authorization", value: value)],
                idempotencyKey: "k", timestamp: 0)
        }
        #expect(error == .invalidHeaderValue(receiver: "ops", header: "Authorization"))
        #expect(!"\(error!)".contains("SECRET"))
    }

    @Test(arguments: ["Idempotency-Key", "content-type", "X-Naker-Signature", "Host", "Content-Length"])
    func rejectsReservedHeaders(_ name: String) {
        #expect(throws: WebhookRequestError.reservedHeader(receiver: "ops", header: name)) {
            try WebhookRequest(
                receiver: "ops", url: url, body: [], headers: [WebhookHeader(name: name, value: "x")],
                idempotencyKey: "k", timestamp: 0)
        }
    }

    @Test func rejectsBadHeaderNamesEmptySecretsAndTimeouts() {
        #expect(throws: WebhookRequestError.invalidHeaderName(receiver: "ops", header: "Bad Name")) {
            try WebhookRequest(
                receiver: "ops", url: url, body: [], headers: [WebhookHeader(name: "Bad Name", value: "x")],
                idempotencyKey: "k", timestamp: 0)
        }
        #expect(throws: WebhookRequestError.emptySigningSecret(receiver: "ops")) {
            try WebhookRequest(
                receiver: "ops", url: url, body: [], idempotencyKey: "k", signingSecret: "", timestamp: 0)
        }
        #expect(throws: WebhookRequestError.invalidTimeout(receiver: "ops")) {
            try WebhookRequest(
                receiver: "ops", url: url, body: [], idempotencyKey: "k", timeout: 0, timestamp: 0)
        }
        #expect(throws: WebhookRequestError.invalidHeaderValue(receiver: "ops", header: "Idempotency-Key")) {
            try WebhookRequest(receiver: "ops", url: url, body: [], idempotencyKey: "", timestamp: 0)
        }
    }

    @Test func describingARequestShowsOnlyTheReceiver() throws {
        let request = try WebhookRequest(
            receiver: "leadership", url: url, body: Array("{}".utf8),
            headers: [WebhookHeader(name: "Authorization", value: "Bearer HEADER-TOKEN")],
            idempotencyKey: "k", signingSecret: "HMAC-SECRET", timestamp: 0)
        var dumped = ""
        dump(request, to: &dumped)
        var dumpedHeader = ""
        dump(request.headers[1], to: &dumpedHeader)
        for text in ["\(request)", String(reflecting: request), dumped, "\(request.headers)", dumpedHeader] {
            #expect(!text.contains("SECRET-TOKEN"))
            #expect(!text.contains("HEADER-TOKEN"))
            #expect(!text.contains("telegram"))
        }
        #expect("\(request)".contains("leadership"))
    }
}

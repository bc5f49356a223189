import NakerConfig
import NakerNotify
import NakerStore

/// Builds the HTTP request for an outbox item, reading the receiver's URL and secrets now (a
/// rotated credential takes effect at the next attempt).
enum WebhookRequestFactory {
    /// `unixTime` is the signature's timestamp.
    static func request(for item: OutboxItem, receiver: ReceiverConfig, at unixTime: Double) throws
        -> WebhookRequest
    {
        let credentials = try Credentials(receiver)
        return try WebhookRequest(
            receiver: receiver.name, url: credentials.url, body: Array(item.body),
            contentType: item.contentType,
            headers: credentials.headers,
            idempotencyKey: item.id, connectTimeout: min(5, receiver.timeout.seconds),
            timeout: receiver.timeout.seconds,
            signingSecret: credentials.signingSecret, timestamp: Int(unixTime))
    }

    /// What a request to the receiver needs from files and the environment, read now.
    struct Credentials {
        var url: String
        var headers: [WebhookHeader] = []
        var signingSecret: String?

        init(_ receiver: ReceiverConfig) throws {
            url = try receiver.url.resolve()
            for (name, reference) in receiver.headers.sorted(by: { $0.key < $1.key }) {
                headers.append(WebhookHeader(name: name, value: try reference.resolve()))
            }
            signingSecret = try receiver.hmacSecret?.resolve()
        }
    }
}

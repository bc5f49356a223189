import Foundation
import NakerConfig

/// One fully resolved webhook POST: what `WebhookTransport` sends, byte for byte.
///
/// The URL and the header values are credentials (a Telegram bot token sits in the path, a
/// Slack hook is its own secret): `description`, `debugDescription` and the mirror show the
/// receiver name only, so that interpolating a request into a log line leaks nothing.
public struct WebhookRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Headers the builder sets itself; configured headers may not name them.
    public static let reservedHeaderNames: Set<String> = [
        "content-type", "content-length", "host", "transfer-encoding", "expect", "connection",
        "idempotency-key", WebhookSigner.timestampHeader.lowercased(),
        WebhookSigner.signatureHeader.lowercased(),
    ]

    /// The receiver's configured name: the only thing about it that logs and errors show.
    public let receiver: String
    public let url: String
    public let body: [UInt8]
    /// Every header as sent, in order: Content-Type, the configured ones, Idempotency-Key, and the
    /// signature headers when signing.
    public let headers: [WebhookHeader]
    /// Seconds allowed for the TCP and TLS connect (never more than `timeout`).
    public let connectTimeout: Double
    /// Seconds allowed for the whole request.
    public let timeout: Double
    /// CA certificates (PEM file) to check an https server against, instead of the system's.
    public var caFile: String?

    /// - Parameters:
    ///   - headers: configured headers with their values already resolved (see `SecretSource`).
    ///   - idempotencyKey: stable across retries and restarts (the outbox entry's key).
    ///   - signingSecret: when given, adds `X-Naker-Timestamp` and `X-Naker-Signature` (see
    ///     `WebhookSigner`) computed at `timestamp` (Unix seconds).
    public init(
        receiver: String,
        url: String,
        body: [UInt8],
        contentType: String = "application/json",
        headers: [WebhookHeader] = [],
        idempotencyKey: String,
        connectTimeout: Double = 5,
        timeout: Double = 10,
        signingSecret: String? = nil,
        timestamp: Int
    ) throws(WebhookRequestError) {
        guard Self.isValidURL(url) else { throw .invalidURL(receiver: receiver) }
        guard timeout.isFinite, timeout > 0, connectTimeout.isFinite, connectTimeout > 0 else {
            throw .invalidTimeout(receiver: receiver)
        }
        guard Self.isValidValue(contentType), !contentType.isEmpty else {
            throw .invalidHeaderValue(receiver: receiver, header: "Content-Type")
        }
        guard Self.isValidValue(idempotencyKey), !idempotencyKey.isEmpty else {
            throw .invalidHeaderValue(receiver: receiver, header: "Idempotency-Key")
        }
        var final = [WebhookHeader(name: "Content-Type", value: contentType)]
        for header in headers {
            guard Self.isToken(header.name) else {
                throw .invalidHeaderName(receiver: receiver, header: header.name)
            }
            guard !Self.reservedHeaderNames.contains(header.name.lowercased()) else {
                throw .reservedHeader(receiver: receiver, header: header.name)
            }
            guard Self.isValidValue(header.value) else {
                throw .invalidHeaderValue(receiver: receiver, header: header.name)
            }
            final.append(header)
        }
        final.append(WebhookHeader(name: "Idempotency-Key", value: idempotencyKey))
        if let signingSecret {
            guard !signingSecret.isEmpty else { throw .emptySigningSecret(receiver: receiver) }
            final += WebhookSigner(secret: signingSecret).headers(timestamp: timestamp, body: body)
        }
        self.receiver = receiver
        self.url = url
        self.body = body
        self.headers = final
        self.timeout = timeout
        self.connectTimeout = min(connectTimeout, timeout)
    }

    public var description: String { "webhook request to receiver \(String(reflecting: receiver))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["receiver": receiver]) }

    /// An absolute http(s) URL without whitespace or control characters (curl checks the rest).
    static func isValidURL(_ url: String) -> Bool {
        let lowered = url.lowercased()
        let scheme =
            lowered.hasPrefix("https://") ? "https://" : lowered.hasPrefix("http://") ? "http://" : nil
        guard let scheme, url.utf8.count > scheme.utf8.count else { return false }
        return url.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F }
    }

    /// RFC 9110 `token`: the characters a field name may have.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    true
                default:
                    "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    /// No line breaks or other control characters (tab allowed): nothing that could start a new
    /// header line.
    static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }
}

/// One request header, its value already resolved (it may be a credential: never log it).
public struct WebhookHeader: Equatable, Sendable, CustomStringConvertible, CustomReflectable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The name only: the value may be a token.
    public var description: String { "\(name): [redacted]" }

    public var customMirror: Mirror { Mirror(self, children: ["name": name]) }
}

/// A webhook request that cannot be built. Descriptions name the receiver and the header, never
/// a URL or a header value.
public enum WebhookRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(receiver: String)
    case invalidTimeout(receiver: String)
    case invalidHeaderName(receiver: String, header: String)
    case invalidHeaderValue(receiver: String, header: String)
    case reservedHeader(receiver: String, header: String)
    case emptySigningSecret(receiver: String)

    public var description: String {
        switch self {
        case .invalidURL(let receiver):
            "receiver \(quoted(receiver)): the webhook URL is not an absolute http:// or https:// URL "
                + "without spaces, line breaks or control characters; fix its url, url_file or url_env"
        case .invalidTimeout(let receiver):
            "receiver \(quoted(receiver)): the timeout must be a positive duration; fix its timeout"
        case .invalidHeaderName(let receiver, let header):
            "receiver \(quoted(receiver)): the header name \(quoted(header)) is not a valid HTTP field "
                + "name (letters, digits and !#$%&'*+-.^_`|~ only); fix its headers"
        case .invalidHeaderValue(let receiver, let header):
            "receiver \(quoted(receiver)): the value of the header \(quoted(header)) contains a line "
                + "break or another control character; fix the value where it comes from (for a file, "
                + "keep only the value and at most one trailing newline)"
        case .reservedHeader(let receiver, let header):
            "receiver \(quoted(receiver)): the header \(quoted(header)) is set by naker-exporter itself; "
                + "remove it from the receiver's headers"
        case .emptySigningSecret(let receiver):
            "receiver \(quoted(receiver)): the HMAC secret is empty; put the secret into the file or "
                + "variable that hmac_secret names, or remove hmac_secret"
        }
    }
}

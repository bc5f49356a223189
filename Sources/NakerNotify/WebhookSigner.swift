import Crypto

/// Signs webhook bodies so that a receiver can check who sent them and when:
/// `X-Naker-Timestamp: <unix seconds>` and
/// `X-Naker-Signature: sha256=<lowercase hex HMAC-SHA256(secret, timestamp + "." + body)>`.
public struct WebhookSigner: Sendable, CustomStringConvertible, CustomReflectable {
    public static let timestampHeader = "X-Naker-Timestamp"
    public static let signatureHeader = "X-Naker-Signature"

    private let secret: [UInt8]

    /// The secret's UTF-8 bytes are the HMAC key.
    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    /// `sha256=` and the lowercase hex HMAC of `"<timestamp>.<body>"`.
    public func signature(timestamp: Int, body: [UInt8]) -> String {
        var authentication = HMAC<SHA256>(key: SymmetricKey(data: secret))
        authentication.update(data: Array(String(timestamp).utf8))
        authentication.update(data: [UInt8(ascii: ".")])
        authentication.update(data: body)
        let digest = authentication.finalize()
        let hex = "0123456789abcdef".utf8.map { $0 }
        var text = "sha256="
        text.reserveCapacity(7 + 64)
        for byte in digest {
            text.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
            text.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
        }
        return text
    }

    /// The two headers for `body` signed at `timestamp`.
    public func headers(timestamp: Int, body: [UInt8]) -> [WebhookHeader] {
        [
            WebhookHeader(name: Self.timestampHeader, value: String(timestamp)),
            WebhookHeader(name: Self.signatureHeader, value: signature(timestamp: timestamp, body: body)),
        ]
    }

    public var description: String { "WebhookSigner([redacted])" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

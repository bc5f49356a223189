import NakerConfig

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

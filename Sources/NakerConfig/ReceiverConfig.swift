/// One validated entry of `receivers:`: a webhook and how to talk to it.
public struct ReceiverConfig: Hashable, Sendable {
    public enum Format: Hashable, Sendable {
        /// The Alertmanager webhook JSON, version 4.
        case alertmanager
        /// A Mustache template (absolute path); the body's content type is the configured one,
        /// else the template's own (JSON templates `application/json`, others plain text).
        case template(path: String, contentType: String?)
    }

    public var name: String
    public var url: SecretReference
    public var format: Format
    /// Extra template context, e.g. `chat_id` for Telegram.
    public var templateVariables: [String: String]
    public var headers: [String: SecretReference]
    public var hmacSecret: SecretReference?
    public var timeout: Duration
    public var sendResolved: Bool

    public init(
        name: String, url: SecretReference, format: Format = .alertmanager,
        templateVariables: [String: String] = [:],
        headers: [String: SecretReference] = [:], hmacSecret: SecretReference? = nil,
        timeout: Duration = .seconds(10),
        sendResolved: Bool = true
    ) {
        self.name = name
        self.url = url
        self.format = format
        self.templateVariables = templateVariables
        self.headers = headers
        self.hmacSecret = hmacSecret
        self.timeout = timeout
        self.sendResolved = sendResolved
    }
}

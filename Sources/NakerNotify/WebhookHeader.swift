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

/// What one webhook POST came back with.
///
/// `description` and the mirror show the status or the error only: a receiver may echo the
/// request's URL or headers in its answer, so neither headers nor body are printed.
public enum WebhookResult: Equatable, Sendable, CustomStringConvertible, CustomReflectable {
    /// The receiver answered. `headers` has lowercased names (repeated headers joined with ", ");
    /// `body` is at most `WebhookTransport.responseBodyLimit` bytes of the answer.
    case response(status: Int, headers: [String: String], body: [UInt8])
    /// No HTTP answer.
    case transportError(TransportError)

    /// The HTTP status, if the receiver answered.
    public var status: Int? {
        if case .response(let status, _, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .response(let status, _, let body): "HTTP \(status) (\(body.count) bytes of body)"
        case .transportError(let error): "transport error: \(error)"
        }
    }

    public var customMirror: Mirror {
        switch self {
        case .response(let status, _, let body):
            Mirror(self, children: ["status": status, "bodyBytes": body.count], displayStyle: .enum)
        case .transportError(let error):
            Mirror(self, children: ["transportError": error], displayStyle: .enum)
        }
    }
}

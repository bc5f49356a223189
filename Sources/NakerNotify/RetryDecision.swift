/// What to do with a notification after an attempt.
public enum RetryDecision: Equatable, Sendable, CustomStringConvertible {
    /// A 2xx answer: remove it from the outbox.
    case delivered
    /// Try again this many seconds after the attempt ended.
    case retry(after: Double)
    /// Stop: count it as failed and log the reason.
    case giveUp(GiveUpReason)

    public var description: String {
        switch self {
        case .delivered: "delivered"
        case .retry(let after): "retry in \(after) s"
        case .giveUp(let reason): "give up: \(reason)"
        }
    }
}

/// Why delivery of a notification ended without success.
public enum GiveUpReason: Equatable, Sendable, CustomStringConvertible {
    /// The receiver answered with a status that retrying cannot fix (most 4xx, 3xx).
    case rejected(status: Int)
    /// The transport failed in a way that retrying cannot fix (malformed URL, ...).
    case transport(TransportError)
    /// `give_up_after` (seconds) has passed since the first attempt.
    case expired(giveUpAfter: Double)

    public var description: String {
        switch self {
        case .rejected(let status) where (300..<400).contains(status):
            "the receiver answered with a redirect (HTTP \(status)), which is not followed; "
                + "set the receiver's URL to the final address"
        case .rejected(let status) where status == 401 || status == 403:
            "the receiver refused the credentials (HTTP \(status)); check the receiver's token "
                + "headers and URL"
        case .rejected(let status):
            "the receiver rejected the notification (HTTP \(status)); retrying cannot help: check the "
                + "receiver's URL, format and message template against what it expects"
        case .transport(let error):
            "\(error) (not retried)"
        case .expired(let giveUpAfter):
            "still not delivered \(Self.duration(giveUpAfter)) after the first attempt "
                + "(notification.retry.give_up_after); make the receiver reachable, or raise give_up_after"
        }
    }

    private static func duration(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 {
            return "\(Int(seconds / 3600))h"
        }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 {
            return "\(Int(seconds / 60))m"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

import Foundation
import Logging
import NakerConfig
import NakerCore

/// One delivery attempt at a time: POST, decide by `RetryPolicy`, log the outcome. The outbox
/// keeps the notification and calls again after `.retry(after:)`.
///
/// Log lines name the receiver only; the URL, the header values and the request body never
/// appear. A receiver's answer is logged as a short excerpt with anything of the URL and the
/// header values blanked out.
public struct WebhookDelivery: Sendable {
    public var transport: WebhookTransport
    public var retry: RetryConfig
    public var logger: Logger
    public var clock: any ServiceClock

    public init(
        transport: WebhookTransport = WebhookTransport(),
        retry: RetryConfig = RetryConfig(),
        logger: Logger,
        clock: any ServiceClock
    ) {
        self.transport = transport
        self.retry = retry
        self.logger = logger
        self.clock = clock
    }

    /// - Parameters:
    ///   - attempt: this attempt's number, from 1.
    ///   - firstAttemptAt: Unix time of the first attempt (this one's start when `attempt` is 1).
    ///   - random: the jitter factor in [0, 1).
    public func attempt(
        _ request: WebhookRequest,
        attempt: Int,
        firstAttemptAt: Double? = nil,
        random: Double = Double.random(in: 0..<1)
    ) async -> WebhookAttemptOutcome {
        let startedAt = clock.unixTime
        let result = await transport.post(request)
        let finishedAt = clock.unixTime
        let decision = RetryPolicy.decide(
            result, attempt: attempt, firstAttemptAt: firstAttemptAt ?? startedAt, now: finishedAt,
            config: retry, random: random)
        log(request, attempt: attempt, result: result, decision: decision, duration: finishedAt - startedAt)
        return WebhookAttemptOutcome(
            result: result, decision: decision, startedAt: startedAt, finishedAt: finishedAt)
    }

    private func log(
        _ request: WebhookRequest, attempt: Int, result: WebhookResult, decision: RetryDecision,
        duration: Double
    ) {
        var metadata: Logger.Metadata = [
            "receiver": "\(request.receiver)",
            "attempt": "\(attempt)",
            "duration_seconds": "\(Self.rounded(duration))",
        ]
        switch result {
        case .response(let status, _, let body):
            metadata["status"] = "\(status)"
            if !(200..<300).contains(status) {
                let excerpt = ResponseRedactor(request: request).excerpt(body)
                if !excerpt.isEmpty { metadata["response"] = "\(excerpt)" }
            }
        case .transportError(let error):
            metadata["error"] = "\(error)"
        }
        switch decision {
        case .delivered:
            logger.info("webhook delivered", metadata: metadata)
        case .retry(let after):
            metadata["retry_in_seconds"] = "\(Self.rounded(after))"
            if let asked = RetryAfter.requested(result, now: clock.unixTime) {
                metadata["retry_after_seconds"] = "\(Self.rounded(asked))"
                if asked > after {
                    logger.warning(
                        "webhook attempt failed; the receiver asks to wait past give_up_after, so the last attempt is at its end",
                        metadata: metadata)
                    return
                }
            }
            logger.warning("webhook attempt failed; will retry", metadata: metadata)
        case .giveUp(let reason):
            metadata["reason"] = "\(reason)"
            if case .response(400, _, let body) = result,
                let chat = TelegramAnswer.parameters(body)?.migrateToChatID
            {
                metadata["new_chat_id"] = "\(chat)"
                logger.error(
                    "webhook delivery failed; the Telegram group became a supergroup: set the receiver's chat_id to new_chat_id",
                    metadata: metadata)
                return
            }
            logger.error("webhook delivery failed; giving up", metadata: metadata)
        }
    }

    private static func rounded(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }
}

/// One delivery attempt: what the receiver said and what to do next.
public struct WebhookAttemptOutcome: Equatable, Sendable, CustomStringConvertible {
    public var result: WebhookResult
    public var decision: RetryDecision
    /// Unix times of the attempt's start and end; a `.retry(after:)` counts from `finishedAt`.
    public var startedAt: Double
    public var finishedAt: Double

    public init(result: WebhookResult, decision: RetryDecision, startedAt: Double, finishedAt: Double) {
        self.result = result
        self.decision = decision
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    public var description: String { "\(result) → \(decision)" }
}

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

    /// The reasons an attempt is counted as failed under (`naker_notification_requests_failed_total`).
    public static let failureReasons = [
        "status_4xx", "status_429", "status_5xx", "timeout", "connection", "tls",
    ]

    /// Why this attempt failed, one of `failureReasons`; nil for a 2xx.
    public var failureReason: String? {
        switch self {
        case .response(let status, _, _):
            switch status {
            case 200..<300: nil
            case 429: "status_429"
            case 500...: "status_5xx"
            default: "status_4xx"
            }
        case .transportError(.timeout): "timeout"
        case .transportError(.tls): "tls"
        case .transportError: "connection"
        }
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

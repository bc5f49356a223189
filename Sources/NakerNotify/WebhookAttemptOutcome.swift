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

/// `notification.retry` (docs/configuration.md), in seconds.
public struct RetryConfig: Equatable, Hashable, Sendable {
    /// The backoff cap of the first retry.
    public var initial: Double
    /// The largest backoff cap.
    public var max: Double
    /// How long after the first attempt a notification may still be delivered.
    public var giveUpAfter: Double

    public init(initial: Double = 1, max: Double = 300, giveUpAfter: Double = 86_400) {
        self.initial = initial
        self.max = max
        self.giveUpAfter = giveUpAfter
    }
}

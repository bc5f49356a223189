/// The validated `notification:` section: Alertmanager's grouping timers and the retry policy.
public struct NotificationConfig: Hashable, Sendable {
    public var groupBy: [String]
    public var groupWait: Duration
    public var groupInterval: Duration
    public var repeatInterval: Duration
    public var retry: RetryConfig

    /// Alertmanager's defaults for the grouping timers, a day between repeats (the data changes daily).
    public init(
        groupBy: [String] = ["alertname"], groupWait: Duration = .seconds(30),
        groupInterval: Duration = .seconds(300),
        repeatInterval: Duration = .seconds(24 * 3600), retry: RetryConfig = RetryConfig()
    ) {
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.retry = retry
    }
}

/// `notification.retry` (docs/configuration.md).
public struct RetryConfig: Hashable, Sendable {
    /// The backoff cap of the first retry.
    public var initial: Duration
    /// The largest backoff cap.
    public var max: Duration
    /// How long after the first attempt a notification may still be delivered.
    public var giveUpAfter: Duration

    public init(
        initial: Duration = .seconds(1), max: Duration = .seconds(300),
        giveUpAfter: Duration = .seconds(86_400)
    ) {
        self.initial = initial
        self.max = max
        self.giveUpAfter = giveUpAfter
    }
}

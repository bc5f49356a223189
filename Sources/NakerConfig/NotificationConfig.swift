/// The validated `notification:` section: Alertmanager's grouping timers and the retry policy.
public struct NotificationConfig: Hashable, Sendable {
    public var groupBy: [String]
    public var groupWait: Duration
    public var groupInterval: Duration
    public var repeatInterval: Duration
    public var retryInitial: Duration
    public var retryMax: Duration
    public var giveUpAfter: Duration

    /// Alertmanager's defaults for the grouping timers, a day between repeats (the data changes daily),
    /// retry (docs/configuration.md).
    public init(
        groupBy: [String] = ["alertname"], groupWait: Duration = .seconds(30),
        groupInterval: Duration = .seconds(300),
        repeatInterval: Duration = .seconds(24 * 3600), retryInitial: Duration = .seconds(1),
        retryMax: Duration = .seconds(300), giveUpAfter: Duration = .seconds(24 * 3600)
    ) {
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.retryInitial = retryInitial
        self.retryMax = retryMax
        self.giveUpAfter = giveUpAfter
    }
}

import NakerCore

/// A whole, validated configuration: only `ConfigParser` makes one, so holding one means it is usable.
public struct Config: Hashable, Sendable {
    public var global: GlobalConfig
    public var sources: [SourceConfig]
    public var targets: [Target]
    public var alerts: [AlertRule]
    public var receivers: [ReceiverConfig]
    public var notification: NotificationConfig

    public init(
        global: GlobalConfig, sources: [SourceConfig], targets: [Target], alerts: [AlertRule] = [],
        receivers: [ReceiverConfig] = [], notification: NotificationConfig = NotificationConfig()
    ) {
        self.global = global
        self.sources = sources
        self.targets = targets
        self.alerts = alerts
        self.receivers = receivers
        self.notification = notification
    }
}

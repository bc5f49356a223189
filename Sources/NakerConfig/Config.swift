import Foundation
import NakerCore

/// A whole, validated configuration: only `ConfigParser` makes one, so holding one means it is usable.
public struct Config: Hashable, Sendable {
    public var global: GlobalConfig
    public var sources: [SourceConfig]
    public var targets: [Target]
    public var alerts: [AlertRule] = []
    public var receivers: [ReceiverConfig] = []
    /// `receivers:` entries with `alertmanager:`: alerts handed to an Alertmanager cluster.
    public var alertmanagers: [AlertmanagerReceiverConfig] = []
    public var notification = NotificationConfig()
}

/// One `alertmanager:` receiver: the exporter pushes its alerts to every member of a cluster, as
/// Prometheus does; grouping, silences and the chat integrations are then Alertmanager's.
public struct AlertmanagerReceiverConfig: Hashable, Sendable {
    public var name: String
    /// Each member's base URL (`http://127.0.0.1:9093`, a path prefix allowed); alerts go to
    /// `<url>/api/v2/alerts`.
    public var urls: [String]
    public var timeout = Duration.seconds(10)
    public var resendDelay = Duration.seconds(60)
    public var headers: [String: SecretReference] = [:]
    /// `basic_auth: { username, password_file | password_env }`.
    public var basicAuth: BasicAuth?
    /// CA certificates (PEM) for `https` members, instead of the system's.
    public var caFile: String?

    public struct BasicAuth: Hashable, Sendable {
        public var username: String
        public var password: SecretReference
    }

    public init(name: String, urls: [String]) {
        self.name = name
        self.urls = urls
    }
}

/// The validated `global:` section.
public struct GlobalConfig: Hashable, Sendable {
    /// The area name that means the whole region (its rows are the region's totals).
    public var region: String
    public var timeZone: TimeZone
    public var recalcInterval: Duration

    public static let defaultTimeZone = "Asia/Makassar"
    public static let defaultRecalcInterval = Duration.seconds(300)

    public init(region: String, timeZone: TimeZone, recalcInterval: Duration = defaultRecalcInterval) {
        self.region = region
        self.timeZone = timeZone
        self.recalcInterval = recalcInterval
    }
}

/// The validated `notification:` section: Alertmanager's grouping timers and the retry policy. The
/// defaults are Alertmanager's for the timers, and a day between repeats (the data changes daily).
public struct NotificationConfig: Hashable, Sendable {
    public var groupBy = ["alertname"]
    public var groupWait = Duration.seconds(30)
    public var groupInterval = Duration.seconds(300)
    public var repeatInterval = Duration.seconds(24 * 3600)
    public var retry = RetryConfig()
    /// How long the notification log keeps an entry (`log_retention`).
    public var logRetention = Duration.seconds(30 * 86_400)
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
    public var format = Format.alertmanager
    /// Extra template context, e.g. `chat_id` for Telegram.
    public var templateVariables: [String: String] = [:]
    public var headers: [String: SecretReference] = [:]
    public var hmacSecret: SecretReference?
    public var timeout = Duration.seconds(10)
    public var sendResolved = true
    /// The most alerts one notification carries (`max_alerts`); 0: all.
    public var maxAlerts = 0
}

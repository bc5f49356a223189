import Foundation

/// One notification (a group of alerts for one receiver) as a message template sees it.
/// `values` is the template context; its keys are listed in Config/templates/README.md.
public struct MessageContext: Equatable, Sendable {
    /// `firing` while any alert of the group fires, else `resolved`.
    public var status: MessageAlert.Status
    public var receiver: String
    /// Telegram's `chat_id`, when the receiver has one (also possible through `variables`).
    public var chatID: String?
    /// The receiver's `template_variables`: extra top-level keys. The built-in keys win over them.
    public var variables: [String: String]
    public var alerts: [MessageAlert]
    /// Alerts of the group left out of `alerts` (`max_alerts`, or the chat's message limit): they
    /// still count in `firing_count` and `resolved_count`, and `omitted_count` says how many.
    public var omitted: [MessageAlert]
    /// The zone for `starts_at_text` and `ends_at_text` (the config's time zone).
    public var timeZone: TimeZone

    public init(
        status: MessageAlert.Status? = nil,
        receiver: String,
        chatID: String? = nil,
        variables: [String: String] = [:],
        alerts: [MessageAlert],
        omitted: [MessageAlert] = [],
        timeZone: TimeZone = TimeZone(identifier: "UTC")!
    ) {
        self.omitted = omitted
        self.status = status ?? ((alerts + omitted).contains { $0.status == .firing } ? .firing : .resolved)
        self.receiver = receiver
        self.chatID = chatID
        self.variables = variables
        self.alerts = alerts
        self.timeZone = timeZone
    }

    public var values: [String: Any] {
        let all = alerts.map { $0.values(in: timeZone) }
        let firing = alerts.filter { $0.status == .firing }.map { $0.values(in: timeZone) }
        let resolved = alerts.filter { $0.status == .resolved }.map { $0.values(in: timeZone) }
        var values: [String: Any] = variables
        let builtIn: [String: Any] = [
            "status": status.rawValue,
            "firing": status == .firing,
            "resolved": status == .resolved,
            "receiver": receiver,
            "alerts": all,
            "firing_alerts": firing,
            "resolved_alerts": resolved,
            "alert_count": all.count + omitted.count,
            "firing_count": firing.count + omitted.filter { $0.status == .firing }.count,
            "resolved_count": resolved.count + omitted.filter { $0.status == .resolved }.count,
            "omitted": !omitted.isEmpty,
            "omitted_count": omitted.count,
        ]
        values.merge(builtIn) { _, builtIn in builtIn }
        if let chatID, !chatID.isEmpty { values["chat_id"] = chatID }
        return values
    }

    /// A context with every key a message template can use (with these template variables), for
    /// checking templates at config time.
    public static func everyKey(variables: [String: String]) -> [String: Any] {
        let firing = MessageAlert(
            alertname: "X", severity: "warning", summary: "s", details: "d", target: "t",
            targetDescription: "t",
            value: 1, goal: 2, progress: 0.5, startsAt: 0, labels: ["alertname": "X"])
        var resolved = firing
        resolved.status = .resolved
        resolved.endsAt = 1
        return MessageContext(receiver: "r", chatID: "c", variables: variables, alerts: [firing, resolved])
            .values
    }
}

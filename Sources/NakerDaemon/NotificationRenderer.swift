import Foundation
import NakerConfig
import NakerCore
import NakerNotify

/// Turns a due notification into the bytes its receiver expects: the Alertmanager JSON, or a
/// message template. Annotations are rendered here, once, when the notification is queued.
struct NotificationRenderer {
    let config: Config
    let externalURL: String
    private var templates: [String: MessageTemplate] = [:]

    init(config: Config, externalURL: String) throws {
        self.config = config
        self.externalURL = externalURL
        for receiver in config.receivers {
            if case .template(let path, _) = receiver.format, templates[path] == nil {
                templates[path] = try MessageTemplate(contentsOfFile: path)
            }
        }
    }

    struct Rendered {
        var body: [UInt8]
        var contentType: String
    }

    func render(_ notification: PendingNotification) throws -> Rendered {
        guard let receiver = config.receivers.first(where: { $0.name == notification.receiver }) else {
            throw NotificationRenderError.unknownReceiver(notification.receiver)
        }
        switch receiver.format {
        case .alertmanager:
            let payload = AlertmanagerPayload(
                notification, externalURL: externalURL, annotations: Self.annotations,
                maxAlerts: receiver.maxAlerts)
            return Rendered(body: Array(payload.jsonData()), contentType: "application/json")
        case .template(let path, let contentType):
            guard let template = templates[path] else {
                throw NotificationRenderError.unknownReceiver(receiver.name)
            }
            let all = notification.alerts.map(messageAlert)
            let status = MessageAlert.Status(rawValue: notification.status)
            func render(keeping count: Int) throws -> String {
                let context = MessageContext(
                    status: status, receiver: receiver.name, chatID: receiver.templateVariables["chat_id"],
                    alerts: Array(all.prefix(count)), omitted: Array(all.dropFirst(count)),
                    timeZone: config.global.timeZone)
                var values = context.values
                for (key, value) in receiver.templateVariables where values[key] == nil {
                    values[key] = value
                }
                return try template.render(values)
            }
            var kept = receiver.maxAlerts > 0 ? min(receiver.maxAlerts, all.count) : all.count
            var body = try render(keeping: kept)
            if let length = Self.messageLength(body), length > Self.messageLimit {
                // The most alerts whose message fits, found by halving; with none it is the header
                // and "… and N more".
                var (fits, tooLong) = (0, kept)
                while tooLong - fits > 1 {
                    let middle = (fits + tooLong) / 2
                    if let length = Self.messageLength(try render(keeping: middle)),
                        length > Self.messageLimit
                    {
                        tooLong = middle
                    } else {
                        fits = middle
                    }
                }
                kept = fits
                body = try render(keeping: kept)
            }
            return Rendered(body: Array(body.utf8), contentType: contentType ?? template.contentType)
        }
    }

    /// Telegram's limit for a message's text, the smallest of the chat gateways' (in UTF-16 code
    /// units, as Telegram counts).
    static let messageLimit = 4096

    /// The length of a chat message: the `text` of a JSON body (Telegram's `sendMessage`,
    /// Slack's and Mattermost's incoming webhooks); nil for other bodies, which have no limit here.
    static func messageLength(_ body: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let text = object["text"] as? String
        else { return nil }
        return text.utf16.count
    }

    /// Rendered annotations (plain text, no HTML escaping); one that fails keeps its source
    /// text, so the message still goes out.
    static func annotations(_ alert: Alert) -> [String: String] {
        let context = AlertTemplateContext.values(alert)
        var rendered: [String: String] = [:]
        for (key, source) in alert.annotations {
            let template = try? MessageTemplate(
                source: "{{% CONTENT_TYPE: TEXT}}" + source, name: "annotation \(key)")
            rendered[key] = (try? template?.render(context)) ?? source
        }
        return rendered
    }

    func messageAlert(_ alert: Alert) -> MessageAlert {
        let annotations = Self.annotations(alert)
        let target = config.targets.first { $0.name == alert.labels["target"] }
        return MessageAlert(
            status: alert.state == .resolved ? .resolved : .firing, alertname: alert.alertname,
            severity: alert.severity,
            summary: annotations["summary"] ?? "", details: annotations["description"] ?? "",
            target: alert.labels["target"] ?? "", targetDescription: alert.sample.targetDescription ?? "",
            value: alert.sample.targetValue, goal: alert.sample.goal, progress: alert.sample.progress,
            isRatio: alert.sample.isRatio, direction: target?.direction ?? .atLeast,
            startsAt: alert.firedAt ?? alert.activeAt,
            endsAt: alert.resolvedAt, labels: alert.labels)
    }
}

enum NotificationRenderError: Error, CustomStringConvertible {
    case unknownReceiver(String)

    var description: String {
        switch self {
        case .unknownReceiver(let name):
            "receiver \(name) is no longer configured; the notification is dropped"
        }
    }
}

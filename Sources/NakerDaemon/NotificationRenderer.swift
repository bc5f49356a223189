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
                notification, externalURL: externalURL, annotations: annotations)
            return Rendered(body: Array(payload.jsonData()), contentType: "application/json")
        case .template(let path, let contentType):
            guard let template = templates[path] else {
                throw NotificationRenderError.unknownReceiver(receiver.name)
            }
            let context = MessageContext(
                receiver: receiver.name, chatID: receiver.templateVariables["chat_id"],
                alerts: notification.alerts.map(messageAlert), timeZone: config.global.timeZone)
            var values = context.values
            for (key, value) in receiver.templateVariables where values[key] == nil { values[key] = value }
            return Rendered(
                body: Array(try template.render(values).utf8),
                contentType: contentType ?? template.contentType)
        }
    }

    /// Rendered annotations (plain text, no HTML escaping); one that fails keeps its source
    /// text, so the message still goes out.
    func annotations(_ alert: Alert) -> [String: String] {
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
        let annotations = annotations(alert)
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

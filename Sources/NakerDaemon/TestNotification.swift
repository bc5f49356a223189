import Foundation
import NakerConfig
import NakerCore
import NakerNotify
import NakerStore

/// `test-receiver`: one made-up alert, rendered like a real one and posted once (no retries,
/// nothing stored), so an admin can check a gateway before relying on it.
public enum TestNotification {
    public struct Outcome: Sendable {
        public var delivered: Bool
        /// What happened, safe to print: never the URL or a secret.
        public var summary: String
    }

    public static func send(config: Config, receiver name: String, externalURL: String, now: Double) async
        -> Outcome
    {
        guard let receiver = config.receivers.first(where: { $0.name == name }) else {
            let names = config.receivers.map(\.name).joined(separator: ", ")
            return Outcome(
                delivered: false,
                summary: "no receiver is named \(name); configured: \(names.isEmpty ? "none" : names)")
        }
        let labels = ["alertname": "NakerTestNotification", "severity": "info"]
        let sample = AlertSample(ruleID: "test", labels: labels, value: 1)
        let alert = Alert(
            fingerprint: Fingerprint(labels: labels), ruleID: "test", labels: labels,
            annotations: [
                "summary": "Uji coba notifikasi naker-exporter (test notification)",
                "description":
                    "Pesan ini dikirim oleh naker-exporter test-receiver; tidak ada tindakan yang diperlukan.",
            ], receivers: [name], state: .firing, activeAt: now, firedAt: now, sample: sample)
        let notification = PendingNotification(
            receiver: name,
            groupKey: NotificationDispatcher.groupKey(for: ["alertname": "NakerTestNotification"]),
            groupLabels: ["alertname": "NakerTestNotification"], alerts: [alert], scheduledAt: now)
        do {
            let rendered = try NotificationRenderer(config: config, externalURL: externalURL).render(
                notification)
            let item = OutboxItem(
                id: "test-\(notification.id)", receiver: name, groupKey: notification.groupKey,
                body: Data(rendered.body),
                contentType: rendered.contentType, createdAt: now)
            let request = try WebhookRequestFactory.request(for: item, receiver: receiver, at: now)
            let result = await WebhookTransport().post(request)
            let delivered = result.status.map { (200..<300).contains($0) } ?? false
            return Outcome(delivered: delivered, summary: "receiver \(name): \(result)")
        } catch {
            return Outcome(delivered: false, summary: "receiver \(name): \(error)")
        }
    }
}

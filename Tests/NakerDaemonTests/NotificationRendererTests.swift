import Foundation
import NakerConfig
import NakerCore
import NakerNotify
import Testing

@testable import NakerDaemon

/// Chat messages within Telegram's limit, and `max_alerts`.
struct NotificationRendererTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/templates").path

    func renderer(template: String, maxAlerts: Int = 0) throws -> NotificationRenderer {
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]
                receivers:
                  - name: kepala_dinas
                    webhook:
                      url: https://api.telegram.org/bot123:ABC/sendMessage
                      format: template
                      template_file: \(Self.templates)/\(template)
                      template_variables: { chat_id: "-1001234567890" }
                      max_alerts: \(maxAlerts)
                """, baseDirectory: "/tmp", templates: TemplateCheck())
        return try NotificationRenderer(config: config, externalURL: "http://127.0.0.1:6309")
    }

    /// `count` firing alerts of one group, each with a summary of about 90 characters.
    func notification(_ count: Int) -> PendingNotification {
        let alerts = (0..<count).map { index in
            let labels = ["alertname": "SourceStale", "severity": "warning", "source": "sumber_\(index)"]
            return Alert(
                fingerprint: Fingerprint(labels: labels), ruleID: "r", labels: labels,
                annotations: [
                    "summary":
                        "Data sumber_\(index) belum diperbarui sejak 2026-11-01; periksa ekspor dari aplikasi"
                ],
                receivers: ["kepala_dinas"], state: .firing, activeAt: 1_796_000_000, firedAt: 1_796_000_000,
                sample: AlertSample(ruleID: "r", labels: labels, value: 1))
        }
        return PendingNotification(
            receiver: "kepala_dinas", groupKey: "{}:{alertname=\"SourceStale\"}",
            groupLabels: ["alertname": "SourceStale"], alerts: alerts, scheduledAt: 1_796_000_100)
    }

    func text(_ rendered: NotificationRenderer.Rendered) throws -> String {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(rendered.body)) as? [String: Any])
        return try #require(object["text"] as? String)
    }

    @Test(arguments: [
        ("telegram.mustache", "dan", "lainnya", "aktif"), ("telegram.en.mustache", "and", "more", "firing"),
    ])
    func aLongAlertListStaysWithin4096CharactersAndSaysHowManyAreLeftOut(
        template: String, and: String, more: String, firing: String
    ) throws {
        let text = try text(try renderer(template: template).render(notification(200)))
        #expect(text.utf16.count <= 4096, "\(text.utf16.count)")
        #expect(text.utf16.count > 3500, "the message is filled, not cut short: \(text.utf16.count)")
        let shown = text.components(separatedBy: "🔴 SourceStale").count - 1
        #expect(text.hasSuffix("… \(and) \(200 - shown) \(more)"), "\(text.suffix(80))")
        #expect(shown > 10 && shown < 200)
        #expect(text.contains("200 \(firing)"), "the header counts the whole group")
    }

    @Test func aShortListIsSentWhole() throws {
        let text = try text(try renderer(template: "telegram.mustache").render(notification(3)))
        #expect(text.components(separatedBy: "🔴 SourceStale").count - 1 == 3)
        #expect(!text.contains("lainnya"))
    }

    @Test func maxAlertsAppliesToTemplatesToo() throws {
        let text = try text(
            try renderer(template: "telegram.mustache", maxAlerts: 5).render(notification(12)))
        #expect(text.components(separatedBy: "🔴 SourceStale").count - 1 == 5)
        #expect(text.hasSuffix("… dan 7 lainnya"), "\(text.suffix(40))")
    }
}

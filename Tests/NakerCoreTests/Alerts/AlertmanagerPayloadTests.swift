import Foundation
import Testing

@testable import NakerCore

struct AlertmanagerPayloadTests {
    typealias F = AlertFixtures

    /// A WUBBehindPlan group with `blk` firing and `wub` resolved.
    func notification() -> PendingNotification {
        let firing = F.alert("WUBBehindPlan", target: "blk", activeAt: F.t0 + 0.25)
        let resolved = F.alert("WUBBehindPlan", target: "wub", state: .resolved, resolvedAt: F.t0 + 600)
        return PendingNotification(
            receiver: "leadership",
            groupKey: NotificationDispatcher.groupKey(for: ["alertname": "WUBBehindPlan"]),
            groupLabels: ["alertname": "WUBBehindPlan"], alerts: [resolved, firing], scheduledAt: F.t0 + 630)
    }

    @Test func maxAlertsKeepsTheFirstAndCountsTheRest() {
        let alerts = (0..<5).map { F.alert("WUBBehindPlan", target: "t\($0)") }
        let notification = PendingNotification(
            receiver: "leadership", groupKey: "{}:{}", groupLabels: [:], alerts: alerts, scheduledAt: F.t0)
        let payload = AlertmanagerPayload(notification, externalURL: "http://x", maxAlerts: 2)
        #expect(payload.alerts.map { $0.labels["target"] } == ["t0", "t1"])
        #expect(payload.truncatedAlerts == 3)
        #expect(payload.commonLabels == ["alertname": "WUBBehindPlan", "severity": "warning"])
        let all = AlertmanagerPayload(notification, externalURL: "http://x", maxAlerts: 0)
        #expect(all.alerts.count == 5 && all.truncatedAlerts == 0)
        #expect(AlertmanagerPayload(notification, externalURL: "http://x", maxAlerts: 9).truncatedAlerts == 0)
    }

    @Test func encodesAlertmanagersWebhookExactly() {
        let payload = AlertmanagerPayload(
            notification(), externalURL: "http://127.0.0.1:6309",
            annotations: { alert in
                [
                    "summary": "Capaian \(alert.labels["target"] ?? "") di bawah rencana",
                    "runbook": "http://127.0.0.1:6309/",
                ]
            })
        let expected =
            #"{"alerts":[{"annotations":{"runbook":"http://127.0.0.1:6309/","summary":"Capaian blk di bawah rencana"},"#
            + #""endsAt":"0001-01-01T00:00:00Z","fingerprint":"c6e4a891bc09eea0","generatorURL":"http://127.0.0.1:6309","#
            + #""labels":{"alertname":"WUBBehindPlan","severity":"warning","target":"blk"},"#
            + #""startsAt":"2022-12-31T16:00:00.250Z","status":"firing"},"#
            + #"{"annotations":{"runbook":"http://127.0.0.1:6309/","summary":"Capaian wub di bawah rencana"},"#
            + #""endsAt":"2022-12-31T16:10:00.000Z","fingerprint":"4bb855376206456b","generatorURL":"http://127.0.0.1:6309","#
            + #""labels":{"alertname":"WUBBehindPlan","severity":"warning","target":"wub"},"#
            + #""startsAt":"2022-12-31T16:00:00.000Z","status":"resolved"}],"#
            + #""commonAnnotations":{"runbook":"http://127.0.0.1:6309/"},"#
            + #""commonLabels":{"alertname":"WUBBehindPlan","severity":"warning"},"#
            + #""externalURL":"http://127.0.0.1:6309","groupKey":"{}:{alertname=\"WUBBehindPlan\"}","#
            + #""groupLabels":{"alertname":"WUBBehindPlan"},"receiver":"leadership","status":"firing","#
            + #""truncatedAlerts":0,"version":"4"}"#
        #expect(String(decoding: payload.jsonData(), as: UTF8.self) == expected)
    }

    @Test func unrenderedAnnotationsAndCustomGeneratorURL() throws {
        let payload = AlertmanagerPayload(
            notification(), externalURL: "http://naker.example",
            generatorURL: { "http://naker.example/#\($0.labels["target"] ?? "")" })
        #expect(
            payload.alerts.map(\.annotations) == [
                ["summary": "WUBBehindPlan blk"], ["summary": "WUBBehindPlan wub"],
            ])
        #expect(payload.commonAnnotations == [:])
        #expect(
            payload.alerts.map(\.generatorURL) == ["http://naker.example/#blk", "http://naker.example/#wub"])
        let decoded = try JSONDecoder().decode(AlertmanagerPayload.self, from: payload.jsonData())
        #expect(decoded == payload)
    }

    @Test func anAllResolvedGroupIsResolved() {
        let resolved = F.alert("WUBBehindPlan", target: "wub", state: .resolved, resolvedAt: F.t0 + 600)
        let notification = PendingNotification(
            receiver: "leadership", groupKey: "{}:{}", groupLabels: [:], alerts: [resolved], scheduledAt: F.t0
        )
        #expect(AlertmanagerPayload(notification, externalURL: "").status == "resolved")
    }
}

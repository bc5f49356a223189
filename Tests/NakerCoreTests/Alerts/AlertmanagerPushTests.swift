import Foundation
import Testing

@testable import NakerCore

struct AlertmanagerPushTests {
    typealias F = AlertFixtures

    @Test func sentOnChangeAndEveryResendDelayNeverPending() {
        var push = AlertmanagerPush()
        let pending = F.alert("A", target: "p", state: .pending, receivers: ["am"])
        let firing = F.alert("A", target: "f", receivers: ["am"])
        let other = F.alert("B", target: "x", receivers: ["leadership"])
        #expect(push.due(alerts: [pending, other], receiver: "am", now: F.t0, resendDelay: 60) == nil)
        #expect(
            push.due(alerts: [pending, firing, other], receiver: "am", now: F.t0 + 1, resendDelay: 60) == [
                firing
            ])
        #expect(push.due(alerts: [pending, firing], receiver: "am", now: F.t0 + 30, resendDelay: 60) == nil)
        #expect(
            push.due(alerts: [pending, firing], receiver: "am", now: F.t0 + 61, resendDelay: 60) == [firing])
        // Resolving is a change: sent at once, with its resolution time.
        var resolved = firing
        resolved.state = .resolved
        resolved.resolvedAt = F.t0 + 70
        #expect(push.due(alerts: [resolved], receiver: "am", now: F.t0 + 70, resendDelay: 60) == [resolved])
        #expect(push.due(alerts: [resolved], receiver: "am", now: F.t0 + 100, resendDelay: 60) == nil)
        #expect(push.due(alerts: [resolved], receiver: "am", now: F.t0 + 131, resendDelay: 60) == [resolved])
        #expect(push.due(alerts: [], receiver: "am", now: F.t0 + 2000, resendDelay: 60) == nil)
    }

    @Test func firingAlertsEndFourResendDelaysAheadResolvedOnesWhenTheyResolved() throws {
        let firing = F.alert("A", target: "f", activeAt: F.t0, receivers: ["am"])
        var resolved = F.alert("A", target: "r", activeAt: F.t0, receivers: ["am"])
        resolved.state = .resolved
        resolved.resolvedAt = F.t0 + 30
        let body = AlertmanagerPush.body(
            [firing, resolved], now: F.t0 + 60, resendDelay: 60, generatorURL: "https://naker.example/",
            annotations: { ["summary": "s \($0.labels["target"] ?? "")"] })
        let expected =
            #"[{"annotations":{"summary":"s f"},"endsAt":"2022-12-31T16:05:00.000Z","generatorURL":"https://naker.example/","#
            + #""labels":{"alertname":"A","severity":"warning","target":"f"},"startsAt":"2022-12-31T16:00:00.000Z"},"#
            + #"{"annotations":{"summary":"s r"},"endsAt":"2022-12-31T16:00:30.000Z","generatorURL":"https://naker.example/","#
            + #""labels":{"alertname":"A","severity":"warning","target":"r"},"startsAt":"2022-12-31T16:00:00.000Z"}]"#
        #expect(String(decoding: body, as: UTF8.self) == expected)
    }
}

import Foundation
import Testing

@testable import NakerCore

struct NotificationDispatcherTests {
    typealias F = AlertFixtures
    let t0 = AlertFixtures.t0
    let policy = NotificationPolicy(groupWait: 30, groupInterval: 300, repeatInterval: 3_600)

    /// `update`, marking everything returned as sent at once, as the daemon does after queueing.
    func flush(_ dispatcher: inout NotificationDispatcher, _ alerts: [Alert], at now: Double)
        -> [PendingNotification]
    {
        let due = dispatcher.update(alerts: alerts, now: now)
        for notification in due { dispatcher.markSent(notification, at: now) }
        return due
    }

    @Test func theFirstNotificationWaitsForGroupWait() throws {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        #expect(flush(&dispatcher, [alert], at: t0).isEmpty)
        #expect(dispatcher.nextDeadline() == t0 + 30)
        #expect(flush(&dispatcher, [alert], at: t0 + 29).isEmpty)
        let sent = try #require(flush(&dispatcher, [alert], at: t0 + 30).first)
        #expect(sent.receiver == "leadership")
        #expect(sent.groupKey == "{}:{alertname=\"WUBBehindPlan\"}")
        #expect(sent.groupLabels == ["alertname": "WUBBehindPlan"])
        #expect(sent.status == "firing")
        #expect(sent.alerts == [alert])
        #expect(dispatcher.nextDeadline() == t0 + 330)
    }

    @Test func twoAlertsOfAGroupGoInOneNotification() {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alerts = [F.alert("WUBBehindPlan", target: "wub"), F.alert("WUBBehindPlan", target: "blk")]
        _ = flush(&dispatcher, alerts, at: t0)
        let sent = flush(&dispatcher, alerts, at: t0 + 30)
        #expect(sent.count == 1)
        #expect(sent.first?.alerts.map { $0.labels["target"] } == ["blk", "wub"])
    }

    @Test func differentAlertnamesAndReceiversAreSeparateGroups() {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alerts = [
            F.alert("WUBBehindPlan", target: "wub", receivers: ["leadership", "ops"]),
            F.alert("TPTAboveGoal", target: "tpt"),
        ]
        _ = flush(&dispatcher, alerts, at: t0)
        let sent = flush(&dispatcher, alerts, at: t0 + 30)
        #expect(sent.map(\.receiver) == ["leadership", "leadership", "ops"])
        #expect(
            sent.map(\.groupKey) == [
                "{}:{alertname=\"TPTAboveGoal\"}", "{}:{alertname=\"WUBBehindPlan\"}",
                "{}:{alertname=\"WUBBehindPlan\"}",
            ])
    }

    @Test func aNewAlertJoiningIsSentAtTheNextGroupInterval() {
        var dispatcher = NotificationDispatcher(policy: policy)
        let first = F.alert("WUBBehindPlan", target: "wub")
        let second = F.alert("WUBBehindPlan", target: "blk", activeAt: t0 + 60)
        _ = flush(&dispatcher, [first], at: t0)
        #expect(flush(&dispatcher, [first], at: t0 + 30).count == 1)
        #expect(flush(&dispatcher, [first, second], at: t0 + 60).isEmpty)
        #expect(flush(&dispatcher, [first, second], at: t0 + 329).isEmpty)
        let sent = flush(&dispatcher, [first, second], at: t0 + 330)
        #expect(sent.count == 1)
        #expect(sent.first?.alerts.count == 2)
    }

    @Test func nothingChangedMeansNoNotificationUntilRepeatInterval() {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        _ = flush(&dispatcher, [alert], at: t0)
        _ = flush(&dispatcher, [alert], at: t0 + 30)
        var now = t0 + 30
        for _ in 1...11 {
            now += 300
            #expect(flush(&dispatcher, [alert], at: now).isEmpty)
        }
        now += 300  // 3,600 s after the last one
        #expect(flush(&dispatcher, [alert], at: now).map(\.alerts) == [[alert]])
    }

    @Test func resolvedIsSentWithSendResolved() throws {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        var resolved = alert
        resolved.state = .resolved
        resolved.resolvedAt = t0 + 100
        _ = flush(&dispatcher, [alert], at: t0)
        _ = flush(&dispatcher, [alert], at: t0 + 30)
        #expect(flush(&dispatcher, [resolved], at: t0 + 100).isEmpty)
        let sent = try #require(flush(&dispatcher, [resolved], at: t0 + 330).first)
        #expect(sent.status == "resolved")
        #expect(sent.alerts == [resolved])
        #expect(dispatcher.groups.isEmpty)
        #expect(dispatcher.nextDeadline() == nil)
        // The state machine keeps reporting it resolved for a while: nothing more is sent.
        #expect(flush(&dispatcher, [resolved], at: t0 + 630).isEmpty)
        #expect(dispatcher.groups.isEmpty)
    }

    @Test func withoutSendResolvedResolvedAlertsJustDropOut() {
        var quiet = policy
        quiet.sendResolved = ["leadership": false]
        var dispatcher = NotificationDispatcher(policy: quiet)
        let wub = F.alert("WUBBehindPlan", target: "wub")
        let blk = F.alert("WUBBehindPlan", target: "blk")
        var blkResolved = blk
        blkResolved.state = .resolved
        blkResolved.resolvedAt = t0 + 100
        var wubResolved = wub
        wubResolved.state = .resolved
        wubResolved.resolvedAt = t0 + 400
        _ = flush(&dispatcher, [wub, blk], at: t0)
        #expect(flush(&dispatcher, [wub, blk], at: t0 + 30).first?.alerts.count == 2)
        // One resolves: the other still fires and was sent already, so nothing is sent.
        #expect(flush(&dispatcher, [wub, blkResolved], at: t0 + 330).isEmpty)
        #expect(dispatcher.groups.first?.alerts.count == 1)
        // All resolve: still nothing, and the group is gone.
        #expect(flush(&dispatcher, [wubResolved], at: t0 + 630).isEmpty)
        #expect(dispatcher.groups.isEmpty)
    }

    @Test func aFiringAlertThatVanishesCountsAsResolved() throws {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        _ = flush(&dispatcher, [alert], at: t0)
        _ = flush(&dispatcher, [alert], at: t0 + 30)
        let sent = try #require(flush(&dispatcher, [], at: t0 + 330).first)
        #expect(sent.status == "resolved")
        #expect(sent.alerts.first?.resolvedAt == t0 + 330)
    }

    @Test func pendingAlertsAreNotGrouped() {
        var dispatcher = NotificationDispatcher(policy: policy)
        _ = flush(&dispatcher, [F.alert("WUBBehindPlan", target: "wub", state: .pending)], at: t0)
        #expect(dispatcher.groups.isEmpty)
        #expect(dispatcher.nextDeadline() == nil)
    }

    @Test func anUnqueuedNotificationIsOfferedAgainWithTheSameContent() {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        _ = dispatcher.update(alerts: [alert], now: t0)
        let first = dispatcher.update(alerts: [alert], now: t0 + 30)  // never marked sent
        let again = dispatcher.update(alerts: [alert], now: t0 + 330)
        #expect(first.count == 1)
        #expect(again.map(\.alerts) == first.map(\.alerts))
        #expect(again.first?.id != first.first?.id)  // a later flush, so another notification
    }

    @Test func aRestoredDispatcherRepeatsAnUnsavedFlushWithTheSameID() throws {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        _ = dispatcher.update(alerts: [alert], now: t0)
        let saved = try JSONEncoder().encode(dispatcher)
        let queued = dispatcher.update(alerts: [alert], now: t0 + 31)
        // Crash after queueing, before saving: the restored copy flushes again, a little later.
        var restored = try JSONDecoder().decode(NotificationDispatcher.self, from: saved)
        restored.reconfigure(policy)
        let replayed = restored.update(alerts: [alert], now: t0 + 45)
        #expect(replayed.map(\.id) == queued.map(\.id))
        #expect(queued.first?.scheduledAt == t0 + 30)
    }

    @Test func aRestoredDispatcherDoesNotPageAgain() throws {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        _ = flush(&dispatcher, [alert], at: t0)
        _ = flush(&dispatcher, [alert], at: t0 + 30)
        var restored = try JSONDecoder().decode(
            NotificationDispatcher.self, from: JSONEncoder().encode(dispatcher))
        #expect(restored == dispatcher)
        #expect(flush(&restored, [alert], at: t0 + 330).isEmpty)
    }

    @Test func changingGroupByStartsGroupsAfresh() {
        var dispatcher = NotificationDispatcher(policy: policy)
        let alert = F.alert("WUBBehindPlan", target: "wub")
        _ = flush(&dispatcher, [alert], at: t0)
        _ = flush(&dispatcher, [alert], at: t0 + 30)
        var byTarget = policy
        byTarget.groupBy = ["alertname", "target"]
        dispatcher.reconfigure(byTarget)
        _ = flush(&dispatcher, [alert], at: t0 + 40)
        let sent = flush(&dispatcher, [alert], at: t0 + 70)
        #expect(sent.map(\.groupKey) == ["{}:{alertname=\"WUBBehindPlan\", target=\"wub\"}"])
    }

    @Test func theStateMachineDrivesTheDispatcher() {
        let rule = F.paceRule(for: 60)
        var machine = AlertStateMachine()
        var dispatcher = NotificationDispatcher(policy: policy)
        var sent: [PendingNotification] = []
        for step in 0...20 {
            let now = t0 + Double(step) * 30
            let samples = step < 12 ? [F.sample(rule)] : []
            sent += flush(&dispatcher, machine.evaluate(samples, rules: [rule], at: now), at: now)
        }
        // Fires at t0+60, notified at t0+90; resolves at t0+360, notified at the t0+390 flush.
        #expect(sent.map(\.status) == ["firing", "resolved"])
        #expect(sent.map(\.scheduledAt) == [t0 + 90, t0 + 390])
    }
}

import Testing

@testable import NakerCore

struct PendingNotificationTests {
    typealias F = AlertFixtures

    func make(_ alerts: [Alert], at time: Double = F.t0, receiver: String = "leadership")
        -> PendingNotification
    {
        PendingNotification(
            receiver: receiver, groupKey: "{}:{alertname=\"WUBBehindPlan\"}",
            groupLabels: ["alertname": "WUBBehindPlan"], alerts: alerts, scheduledAt: time)
    }

    @Test func idIsStableAndDependsOnWhatIsSent() {
        let wub = F.alert("WUBBehindPlan", target: "wub")
        let blk = F.alert("WUBBehindPlan", target: "blk")
        var blkResolved = blk
        blkResolved.state = .resolved
        blkResolved.resolvedAt = F.t0
        let id = make([wub, blk]).id
        #expect(id.utf8.count == 16)
        #expect(make([blk, wub]).id == id)  // order does not matter
        #expect(make([wub, blk], at: F.t0 + 300).id != id)
        #expect(make([wub, blk], receiver: "ops").id != id)
        #expect(make([wub]).id != id)
        #expect(make([wub, blkResolved]).id != id)
    }

    @Test func statusAndFingerprints() {
        let wub = F.alert("WUBBehindPlan", target: "wub")
        var resolved = F.alert("WUBBehindPlan", target: "blk")
        resolved.state = .resolved
        let notification = make([wub, resolved])
        #expect(notification.status == "firing")
        #expect(notification.firingFingerprints == [wub.fingerprint])
        #expect(notification.resolvedFingerprints == [resolved.fingerprint])
        #expect(make([resolved]).status == "resolved")
    }
}

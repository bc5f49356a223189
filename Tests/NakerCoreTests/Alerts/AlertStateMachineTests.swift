import Foundation
import Testing

@testable import NakerCore

struct AlertStateMachineTests {
    typealias F = AlertFixtures

    @Test func forDelaysFiring() throws {
        let rule = F.paceRule(for: 3_600)
        var machine = AlertStateMachine()
        let first = try #require(machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0).first)
        #expect(first.state == .pending)
        #expect(first.startsAt == F.t0)
        #expect(first.endsAt == nil)
        #expect(first.annotations == rule.annotations)
        #expect(first.receivers == ["leadership"])
        #expect(machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 3_599).first?.state == .pending)
        let fired = try #require(
            machine.evaluate([F.sample(rule, value: 0.7)], rules: [rule], at: F.t0 + 3_600).first)
        #expect(fired.state == .firing)
        #expect(fired.firedAt == F.t0 + 3_600)
        #expect(fired.startsAt == F.t0)
        #expect(fired.sample.value == 0.7)
    }

    @Test func forZeroFiresAtOnce() {
        let rule = F.paceRule(for: 0)
        var machine = AlertStateMachine()
        let alerts = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        #expect(alerts.map(\.state) == [.firing])
        #expect(alerts.first?.firedAt == F.t0)
    }

    @Test func keepFiringForHoldsThenResolves() {
        let rule = F.paceRule(keepFiringFor: 600)
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        // The condition clears at t0+60; keep_firing_for counts from there.
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 60).first?.state == .firing)
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 659).first?.state == .firing)
        let resolved = machine.evaluate([], rules: [rule], at: F.t0 + 660).first
        #expect(resolved?.state == .resolved)
        #expect(resolved?.endsAt == F.t0 + 660)
    }

    @Test func theConditionReturningDuringKeepFiringRestartsTheHold() {
        let rule = F.paceRule(keepFiringFor: 600)
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        _ = machine.evaluate([], rules: [rule], at: F.t0 + 60)
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 500)
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 700).first?.state == .firing)
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 1_299).first?.state == .firing)
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 1_300).first?.state == .resolved)
    }

    @Test func withoutKeepFiringForAFiringAlertResolvesAtOnce() {
        let rule = F.paceRule()
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 60).map(\.state) == [.resolved])
    }

    @Test func aPendingAlertWhoseConditionClearsIsDropped() {
        let rule = F.paceRule(for: 3_600)
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 60).isEmpty)
        // It starts over when the condition returns.
        #expect(
            machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 120).first?.activeAt == F.t0 + 120)
    }

    @Test func resolvedIsKeptFifteenMinutesThenDropped() {
        let rule = F.paceRule()
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        _ = machine.evaluate([], rules: [rule], at: F.t0 + 60)
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 60 + 900).map(\.state) == [.resolved])
        #expect(machine.evaluate([], rules: [rule], at: F.t0 + 60 + 901).isEmpty)
    }

    @Test func aResolvedAlertWhoseConditionReturnsIsPendingAgain() {
        let rule = F.paceRule(for: 300)
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 300)
        _ = machine.evaluate([], rules: [rule], at: F.t0 + 360)
        let again = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 420).first
        #expect(again?.state == .pending)
        #expect(again?.activeAt == F.t0 + 420)
        #expect(again?.resolvedAt == nil)
        #expect(again?.firedAt == nil)
    }

    @Test func restoringMidForContinuesTheTimer() throws {
        let rule = F.paceRule(for: 3_600)
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 1_800)
        let saved = try JSONEncoder().encode(machine)
        var restored = try JSONDecoder().decode(AlertStateMachine.self, from: saved)
        #expect(restored == machine)
        #expect(restored.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 3_599).first?.state == .pending)
        let fired = restored.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 3_600).first
        #expect(fired?.state == .firing)
        #expect(fired?.activeAt == F.t0)
    }

    @Test func restoringAFiringAlertKeepsItFiring() throws {
        let rule = F.paceRule(keepFiringFor: 600)
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        _ = machine.evaluate([], rules: [rule], at: F.t0 + 60)  // holding, keepFiringSince = t0+60
        var restored = try JSONDecoder().decode(AlertStateMachine.self, from: JSONEncoder().encode(machine))
        let alert = restored.evaluate([F.sample(rule)], rules: [rule], at: F.t0 + 120).first
        #expect(alert?.state == .firing)
        #expect(alert?.firedAt == F.t0)
    }

    @Test func aNeverLoadedSourceSurvivesEncoding() throws {
        let rule = AlertRule(name: "SourceStale", condition: .sourceStale(maxAge: 60), receivers: ["ops"])
        let sources = [SourceStatus(name: "ak1", up: false, rows: 0, rejectedRows: 0)]
        var machine = AlertStateMachine()
        let samples = AlertEvaluator.samples(rules: [rule], inputs: F.inputs(sources: sources))
        _ = machine.evaluate(samples, rules: [rule], at: F.t0)
        let restored = try JSONDecoder().decode(AlertStateMachine.self, from: JSONEncoder().encode(machine))
        #expect(restored.alerts.first?.sample.value == .infinity)
        #expect(restored == machine)
    }

    @Test func anAlertWhoseRuleWasRemovedResolves() {
        let rule = F.paceRule(keepFiringFor: 600)
        var machine = AlertStateMachine()
        _ = machine.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        #expect(machine.evaluate([], rules: [], at: F.t0 + 60).map(\.state) == [.resolved])
    }

    @Test func alertsOfOneRuleAreTrackedSeparately() {
        let rule = AlertRule(name: "SourceStale", condition: .sourceStale(maxAge: 60))
        var machine = AlertStateMachine()
        let both = [
            SourceStatus(name: "ak1", up: false, rows: 0, rejectedRows: 0),
            SourceStatus(name: "wub", up: false, rows: 0, rejectedRows: 0),
        ]
        _ = machine.evaluate(
            AlertEvaluator.samples(rules: [rule], inputs: F.inputs(sources: both)), rules: [rule], at: F.t0)
        var fresh = both
        fresh[0].lastSuccess = F.t0 + 60
        let alerts = machine.evaluate(
            AlertEvaluator.samples(rules: [rule], inputs: F.inputs(sources: fresh, now: F.t0 + 60)),
            rules: [rule],
            at: F.t0 + 60)
        #expect(alerts.map { $0.labels["source"] } == ["ak1", "wub"])
        #expect(alerts.map(\.state) == [.resolved, .firing])
    }

    @Test func heldAlertsNeitherResolveNorFire() {
        let rule = F.paceRule(for: 600)
        let fingerprint = Fingerprint(labels: rule.alertLabels(target: "wub_2019_2024"))
        var firing = AlertStateMachine()
        _ = firing.evaluate([F.sample(rule)], rules: [rule], at: F.t0 - 600)
        _ = firing.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        // The data goes away for a day: the firing alert stays firing, without resolving.
        let held = firing.evaluate([], rules: [rule], at: F.t0 + 86_400, holding: [fingerprint])
        #expect(held.map(\.state) == [.firing])
        #expect(held.first?.keepFiringSince == nil)
        // Once the data is back and the condition is gone, it resolves as usual.
        #expect(firing.evaluate([], rules: [rule], at: F.t0 + 86_460).map(\.state) == [.resolved])

        var pending = AlertStateMachine()
        _ = pending.evaluate([F.sample(rule)], rules: [rule], at: F.t0)
        let stillPending = pending.evaluate([], rules: [rule], at: F.t0 + 60, holding: [fingerprint])
        #expect(stillPending.map(\.state) == [.pending], "a pending alert is not dropped for want of data")
        #expect(stillPending.first?.activeAt == F.t0)
    }
}

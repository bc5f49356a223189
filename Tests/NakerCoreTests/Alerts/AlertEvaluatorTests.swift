import Testing

@testable import NakerCore

struct AlertEvaluatorTests {
    typealias F = AlertFixtures

    @Test func paceBelowTheThresholdTrips() throws {
        let rule = F.paceRule()
        let samples = AlertEvaluator.samples(rules: [rule], inputs: F.inputs())
        let sample = try #require(samples.first)
        #expect(samples.count == 1)
        #expect(
            sample.labels == ["alertname": "WUBBehindPlan", "severity": "warning", "target": "wub_2019_2024"])
        #expect(sample.value == 0.8)
        #expect(sample.threshold == 0.9)
        #expect(sample.shortfall == 1_000)  // expected 5,000 − value 4,000
        #expect(sample.targetValue == 4_000)
        #expect(sample.goal == 10_000)
        #expect(sample.targetDescription == "10.000 wirausaha baru, RPJMD 2019–2024")
        #expect(sample.indicator == "entrepreneurs")
        #expect(sample.isRatio == false)
        #expect(sample.ruleID == rule.id)
    }

    @Test func paceAtOrAboveTheThresholdDoesNot() {
        // 4,500 / 5,000 = 0.9: not below 0.9.
        let samples = AlertEvaluator.samples(
            rules: [F.paceRule()], inputs: F.inputs(report: F.report(wubValue: 4_500)))
        #expect(samples.isEmpty)
    }

    @Test func projectionBelowTheGoalTripsForAtLeast() throws {
        let rule = AlertRule(name: "WUBWillMiss", target: "wub_2019_2024", condition: .projectedBelowGoal)
        let sample = try #require(AlertEvaluator.samples(rules: [rule], inputs: F.inputs()).first)
        #expect(sample.value == 8_000)
        #expect(sample.shortfall == 2_000)
        let onTrack = AlertEvaluator.samples(
            rules: [rule], inputs: F.inputs(report: F.report(wubValue: 6_000)))
        #expect(onTrack.isEmpty)  // 6,000 + 4,000 reaches 10,000
    }

    @Test func beyondGoalTripsForAnAtMostSurveyTarget() throws {
        let rule = AlertRule(
            name: "TPTAboveGoal", target: "tpt_2024", condition: .beyondGoal, severity: "critical")
        let sample = try #require(AlertEvaluator.samples(rules: [rule], inputs: F.inputs()).first)
        #expect(sample.labels["target"] == "tpt_2024")
        #expect(sample.value == 0.0446)
        #expect(abs((sample.shortfall ?? 0) - 0.0046) < 1e-12)
        #expect(sample.isRatio)
        #expect((sample.progress ?? 1) < 1)  // capaian 2 − 0.0446/0.04 = 0.885
        let met = AlertEvaluator.samples(rules: [rule], inputs: F.inputs(report: F.report(tptValue: 0.036)))
        #expect(met.isEmpty)
        let exactlyAtGoal = AlertEvaluator.samples(
            rules: [rule], inputs: F.inputs(report: F.report(tptValue: 0.04)))
        #expect(exactlyAtGoal.isEmpty)
    }

    @Test func aTargetWithoutDataOrReportGivesNoSample() {
        let rules = [
            F.paceRule(), AlertRule(name: "TPTAboveGoal", target: "tpt_2024", condition: .beyondGoal),
            AlertRule(name: "Unknown", target: "no_such_target", condition: .beyondGoal),
        ]
        #expect(
            AlertEvaluator.samples(
                rules: rules, inputs: F.inputs(report: F.report(wubValue: nil, tptValue: nil))
            ).isEmpty)
        #expect(AlertEvaluator.samples(rules: rules, inputs: F.inputs(report: nil)).isEmpty)
    }

    @Test func staleSourcesByAgeAndNeverLoaded() {
        let rule = AlertRule(name: "SourceStale", condition: .sourceStale(maxAge: 3_600), severity: "warning")
        // ak1 is exactly max_age old: not stale yet.
        let sources = [
            SourceStatus(name: "ak1", up: true, rows: 10, rejectedRows: 0, lastSuccess: F.t0 - 3_600),
            SourceStatus(name: "wub", up: false, rows: 0, rejectedRows: 0, lastSuccess: F.t0 - 3_601),
            SourceStatus(name: "blk", up: false, rows: 0, rejectedRows: 0, lastSuccess: nil),
        ]
        let samples = AlertEvaluator.samples(rules: [rule], inputs: F.inputs(sources: sources))
        #expect(samples.map { $0.labels["source"] } == ["blk", "wub"])
        #expect(samples.map(\.value) == [.infinity, 3_601])
        #expect(samples.map(\.lastSuccess) == [nil, F.t0 - 3_601])
        #expect(samples.allSatisfy { $0.labels["target"] == nil && $0.labels["alertname"] == "SourceStale" })
    }

    @Test func aNamedSourceIsTheOnlyOneWatched() {
        let rule = AlertRule(name: "AK1Stale", source: "ak1", condition: .sourceStale(maxAge: 60))
        let sources = [
            SourceStatus(name: "ak1", up: true, rows: 1, rejectedRows: 0, lastSuccess: F.t0 - 120),
            SourceStatus(name: "wub", up: true, rows: 1, rejectedRows: 0, lastSuccess: nil),
        ]
        #expect(
            AlertEvaluator.samples(rules: [rule], inputs: F.inputs(sources: sources)).map(\.value) == [120])
        let missing = AlertRule(name: "GoneStale", source: "gone", condition: .sourceStale(maxAge: 60))
        #expect(
            AlertEvaluator.samples(rules: [missing], inputs: F.inputs(sources: sources)).map(\.value) == [
                .infinity
            ])
    }

    @Test func recalcFailing() {
        let rule = AlertRule(
            name: "RecalcFailing", condition: .recalcFailing(maxAge: 900), severity: "critical")
        #expect(
            AlertEvaluator.samples(rules: [rule], inputs: F.inputs(lastRecalcSuccess: F.t0 - 900)).isEmpty)
        let late = AlertEvaluator.samples(rules: [rule], inputs: F.inputs(lastRecalcSuccess: F.t0 - 901))
        #expect(late.map(\.value) == [901])
        #expect(late.first?.labels == ["alertname": "RecalcFailing", "severity": "critical"])
        let never = AlertEvaluator.samples(rules: [rule], inputs: F.inputs(lastRecalcSuccess: nil))
        #expect(never.map(\.value) == [.infinity])
    }

    @Test func ruleLabelsAreAddedButAlertnameWins() {
        var rule = F.paceRule()
        rule.labels = ["team": "bidang-penta", "alertname": "Other", "severity": "ignored"]
        let labels = AlertEvaluator.samples(rules: [rule], inputs: F.inputs()).first?.labels
        #expect(
            labels == [
                "alertname": "WUBBehindPlan", "severity": "warning", "target": "wub_2019_2024",
                "team": "bidang-penta",
            ])
    }

    @Test func aTargetWithoutDataIsUndecidedNotCleared() {
        let rules = [
            F.paceRule(), AlertRule(name: "TPTAboveGoal", target: "tpt_2024", condition: .beyondGoal),
        ]
        let noWUB = F.inputs(report: F.report(wubValue: nil))
        #expect(AlertEvaluator.samples(rules: rules, inputs: noWUB).map(\.labels["target"]) == ["tpt_2024"])
        #expect(
            AlertEvaluator.undecided(rules: rules, inputs: noWUB) == [
                Fingerprint(labels: rules[0].alertLabels(target: "wub_2019_2024"))
            ])
        #expect(AlertEvaluator.undecided(rules: rules, inputs: F.inputs()).isEmpty)
        #expect(AlertEvaluator.undecided(rules: rules, inputs: F.inputs(report: nil)).count == 2)
    }
}

import Testing

@testable import NakerCore

struct AlertRuleTests {
    @Test func aGoodRuleHasNoProblems() {
        #expect(AlertFixtures.paceRule(for: 3_600, keepFiringFor: 21_600).problems.isEmpty)
        #expect(
            AlertRule(name: "Stale", source: "ak1", condition: .sourceStale(maxAge: 3_600)).problems.isEmpty)
    }

    @Test func problemsSayWhatToChange() {
        let noTarget = AlertRule(name: "", condition: .paceBelow(threshold: 0), forSeconds: -1)
        #expect(
            noTarget.problems == [
                .missingName, .missingTarget("pace_below"), .negativeDuration("for"), .badThreshold(0),
            ])
        let stray = AlertRule(name: "R", target: "wub", source: "ak1", condition: .recalcFailing(maxAge: 0))
        #expect(
            stray.problems == [
                .unexpectedTarget("recalc_failing"), .unexpectedSource("recalc_failing"), .badMaxAge(0),
            ])
        #expect(AlertRuleProblem.missingTarget("beyond_goal").description.contains("target:"))
    }

    @Test func idFollowsTheLabelsNotTheTimings() {
        let rule = AlertFixtures.paceRule(for: 60)
        var retimed = rule
        retimed.forSeconds = 120
        retimed.annotations = [:]
        #expect(rule.id == retimed.id)
        #expect(rule.id == "{alertname=\"WUBBehindPlan\", severity=\"warning\", target=\"wub_2019_2024\"}")
        var otherTarget = rule
        otherTarget.target = "blk_2024"
        #expect(rule.id != otherTarget.id)
    }
}

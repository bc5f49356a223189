@testable import NakerCore

/// Hand-made reports, rules and alerts for the alert tests; times are plain Unix seconds.
enum AlertFixtures {
    /// 2022-12-31 16:00 UTC, midnight 2023-01-01 in WITA.
    static let t0: Double = 1_672_502_400

    static let wub = Target(
        name: "wub_2019_2024", description: "10.000 wirausaha baru, RPJMD 2019–2024",
        indicator: .entrepreneurs,
        goal: 10_000, start: TestData.date("2019-01-01"), end: TestData.date("2024-12-31"))

    static let tpt = Target(
        name: "tpt_2024", description: "TPT 4 %", indicator: .openUnemployment, goal: 0.04, direction: .atMost
    )

    /// WUB behind plan (pace 0.8), its projection short of the goal; TPT 0.0446 against an at_most 0.04.
    static func report(wubValue: Double? = 4_000, tptValue: Double? = 0.0446) -> LabourMarketReport {
        var report = LabourMarketReport(date: TestData.date("2022-12-31"), region: "Tabalong")
        report.targets = [
            TargetEvaluation(
                target: wub, value: wubValue, expected: 5_000, progress: wubValue.map { $0 / 10_000 },
                pace: wubValue.map { $0 / 5_000 }, projected: wubValue.map { $0 + 4_000 }),
            TargetEvaluation(
                target: tpt, value: tptValue, expected: 0.04, progress: tptValue.map { 2 - $0 / 0.04 },
                pace: tptValue.map { $0 / 0.04 }),
        ]
        return report
    }

    static func inputs(
        report: LabourMarketReport? = report(), sources: [SourceStatus] = [], lastRecalcSuccess: Double? = t0,
        now: Double = t0
    ) -> AlertInputs {
        AlertInputs(report: report, sources: sources, lastRecalcSuccess: lastRecalcSuccess, now: now)
    }

    static func paceRule(for seconds: Double = 0, keepFiringFor: Double = 0) -> AlertRule {
        AlertRule(
            name: "WUBBehindPlan", target: "wub_2019_2024", condition: .paceBelow(threshold: 0.9),
            forSeconds: seconds, keepFiringForSeconds: keepFiringFor, severity: "warning",
            annotations: ["summary": "Capaian {{target.description}} {{value_percent}} dari target"],
            receivers: ["leadership"])
    }

    /// A sample of `rule` with the labels its target would give, without going through a report.
    static func sample(_ rule: AlertRule, target: String = "wub_2019_2024", value: Double = 0.8)
        -> AlertSample
    {
        AlertSample(ruleID: rule.id, labels: rule.alertLabels(target: target), value: value)
    }

    /// A firing (or resolved) alert as the state machine would hand it to the dispatcher.
    static func alert(
        _ name: String, target: String, state: Alert.State = .firing, activeAt: Double = t0,
        resolvedAt: Double? = nil, receivers: [String] = ["leadership"]
    ) -> Alert {
        let labels = ["alertname": name, "severity": "warning", "target": target]
        return Alert(
            fingerprint: Fingerprint(labels: labels), ruleID: LabelSets.text(labels), labels: labels,
            annotations: ["summary": "\(name) \(target)"], receivers: receivers, state: state,
            activeAt: activeAt, firedAt: activeAt, resolvedAt: resolvedAt,
            sample: AlertSample(ruleID: LabelSets.text(labels), labels: labels, value: 0.5))
    }
}

import Testing

@testable import NakerCore

struct AlertMetricsTests {
    typealias F = AlertFixtures

    @Test func pendingAndFiringAlertsAreCountedPerName() {
        let alerts = [
            F.alert("WUBBehindPlan", target: "a"), F.alert("WUBBehindPlan", target: "b"),
            F.alert("TPTAboveGoal", target: "c", state: .pending),
            F.alert("BLKBehind", target: "d", state: .resolved, resolvedAt: F.t0),
        ]
        let family = AlertMetrics.family(alerts)
        #expect(family.name == "naker_alerts")
        #expect(family.type == .gauge)
        #expect(
            family.samples == [
                MetricSample(
                    labels: [
                        MetricLabel("alertname", "TPTAboveGoal"), MetricLabel("alertstate", "pending"),
                        MetricLabel("severity", "warning"),
                    ], value: 1),
                MetricSample(
                    labels: [
                        MetricLabel("alertname", "WUBBehindPlan"), MetricLabel("alertstate", "firing"),
                        MetricLabel("severity", "warning"),
                    ], value: 2),
            ])
    }

    @Test func rendersInTheTextFormat() {
        let text = ExpositionRenderer.render(
            [AlertMetrics.family([F.alert("WUBBehindPlan", target: "a")])], format: .text)
        #expect(
            text.contains(
                "naker_alerts{alertname=\"WUBBehindPlan\",alertstate=\"firing\",severity=\"warning\"} 1\n"))
    }
}

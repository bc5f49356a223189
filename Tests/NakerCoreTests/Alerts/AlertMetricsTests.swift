import Testing

@testable import NakerCore

struct AlertMetricsTests {
    typealias F = AlertFixtures

    @Test func onePerPendingOrFiringAlertWithItsLabels() {
        let alerts = [
            F.alert("WUBBehindPlan", target: "a"), F.alert("WUBBehindPlan", target: "b"),
            F.alert("TPTAboveGoal", target: "c", state: .pending),
            F.alert("BLKBehind", target: "d", state: .resolved, resolvedAt: F.t0),
        ]
        let family = AlertMetrics.family(alerts)
        #expect(family.name == "naker_alerts")
        #expect(family.type == .gauge)
        func labels(_ name: String, _ state: String, _ target: String) -> [MetricLabel] {
            [
                MetricLabel("alertname", name), MetricLabel("alertstate", state),
                MetricLabel("severity", "warning"), MetricLabel("target", target),
            ]
        }
        #expect(
            family.samples == [
                MetricSample(labels: labels("TPTAboveGoal", "pending", "c"), value: 1),
                MetricSample(labels: labels("WUBBehindPlan", "firing", "a"), value: 1),
                MetricSample(labels: labels("WUBBehindPlan", "firing", "b"), value: 1),
            ])
    }

    @Test func rendersInTheTextFormat() {
        let text = ExpositionRenderer.render(
            [AlertMetrics.family([F.alert("WUBBehindPlan", target: "a")])], format: .text)
        #expect(
            text.contains(
                "naker_alerts{alertname=\"WUBBehindPlan\",alertstate=\"firing\",severity=\"warning\",target=\"a\"} 1\n"
            ))
    }
}

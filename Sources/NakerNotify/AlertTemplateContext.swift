import NakerCore

/// The values an alert's annotations (Mustache) can use, numbers written the Indonesian way:
/// `{{target.description}}`, `{{value_percent}}`, `{{progress_percent}}`, `{{shortfall_text}}` …
public enum AlertTemplateContext {
    public static func values(_ alert: Alert) -> [String: Any] {
        let sample = alert.sample
        func text(_ value: Double?) -> String? {
            value.map { sample.isRatio ? IndonesianNumber.percent($0) : IndonesianNumber.format($0) }
        }
        var values: [String: Any] = [
            "alertname": alert.alertname, "severity": alert.severity, "labels": alert.labels,
            "value": sample.value, "value_percent": IndonesianNumber.percent(sample.value, decimals: 1),
            "target": [
                "name": alert.labels["target"] ?? "",
                "description": sample.targetDescription ?? alert.labels["target"] ?? "",
            ],
        ]
        let optional: [String: String?] = [
            "value_text": text(sample.targetValue), "goal_text": text(sample.goal),
            "expected_text": text(sample.expected),
            "projected_text": text(sample.projected), "shortfall_text": text(sample.shortfall),
            "progress_percent": sample.progress.map { IndonesianNumber.percent($0, decimals: 1) },
            "pace_percent": sample.pace.map { IndonesianNumber.percent($0, decimals: 1) },
            "source": alert.labels["source"],
            "age_text": sample.value.isFinite && alert.labels["source"] != nil
                ? IndonesianNumber.format(sample.value / 3600, decimals: 1) + " jam" : nil,
        ]
        for (key, value) in optional {
            if let value { values[key] = value }
        }
        return values
    }

    /// A context with every key an annotation can use, for checking templates at config time.
    public static var everyKey: [String: Any] {
        let labels = ["alertname": "X", "severity": "warning", "target": "t", "source": "s"]
        let sample = AlertSample(
            ruleID: "", labels: labels, value: 1, threshold: 1, targetDescription: "", indicator: "",
            isRatio: false, targetValue: 1, goal: 1, expected: 1, progress: 1, pace: 1, projected: 1,
            shortfall: 1, lastSuccess: 0)
        return values(
            Alert(
                fingerprint: Fingerprint(labels: labels), ruleID: "", labels: labels, annotations: [:],
                receivers: [], state: .firing, activeAt: 0, sample: sample))
    }
}

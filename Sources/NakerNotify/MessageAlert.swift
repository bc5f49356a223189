import Foundation
import NakerCore

/// One alert as a message template sees it; `values(in:)` turns it into the template context
/// (keys in Config/templates/README.md), numbers formatted the Indonesian way.
public struct MessageAlert: Equatable, Sendable {
    public enum Status: String, Equatable, Sendable {
        case firing
        case resolved
    }

    public var status: Status
    public var alertname: String
    public var severity: String
    /// The `summary` annotation, already rendered by the alert rule.
    public var summary: String
    /// The `description` annotation (context key `description`).
    public var details: String
    /// The target's name (`wub_2019_2024`).
    public var target: String
    /// The target's description (`10.000 wirausaha baru, RPJMD 2019–2024`).
    public var targetDescription: String
    /// The realised value; a 0–1 ratio when `isRatio`.
    public var value: Double?
    /// The target's goal, in the value's unit.
    public var goal: Double?
    /// Capaian (docs/formulas.md) as a 0–1+ ratio.
    public var progress: Double?
    /// Whether value and goal are 0–1 ratios (shown as percent).
    public var isRatio: Bool
    public var direction: Direction
    /// Unix times.
    public var startsAt: Double
    public var endsAt: Double?
    /// The alert's labels, for `{{labels.name}}`.
    public var labels: [String: String]

    public init(
        status: Status = .firing,
        alertname: String,
        severity: String = "",
        summary: String = "",
        details: String = "",
        target: String = "",
        targetDescription: String = "",
        value: Double? = nil,
        goal: Double? = nil,
        progress: Double? = nil,
        isRatio: Bool = false,
        direction: Direction = .atLeast,
        startsAt: Double,
        endsAt: Double? = nil,
        labels: [String: String] = [:]
    ) {
        self.status = status
        self.alertname = alertname
        self.severity = severity
        self.summary = summary
        self.details = details
        self.target = target
        self.targetDescription = targetDescription
        self.value = value
        self.goal = goal
        self.progress = progress
        self.isRatio = isRatio
        self.direction = direction
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.labels = labels
    }

    /// How far the value is from the goal in the direction that meets it (0 when met).
    public var shortfall: Double? {
        guard let value, let goal, value.isFinite, goal.isFinite else { return nil }
        return max(0, direction == .atLeast ? goal - value : value - goal)
    }

    /// The template context of this alert. Absent values leave their keys out, so that
    /// `{{#value_text}}…{{/value_text}}` shows only what is known.
    public func values(in zone: TimeZone) -> [String: Any] {
        var values: [String: Any] = [
            "status": status.rawValue,
            "firing": status == .firing,
            "resolved": status == .resolved,
            "alertname": alertname,
            "is_ratio": isRatio,
            "startsAt": TimeText.rfc3339(startsAt),
            "starts_at_text": TimeText.local(startsAt, in: zone),
            "labels": labels,
        ]
        let texts = [
            "severity": severity, "summary": summary, "description": details, "target": target,
            "target_description": targetDescription,
        ]
        for (key, text) in texts where !text.isEmpty {
            values[key] = text
        }
        if let value, value.isFinite {
            values["value"] = value
            values["value_text"] = amount(value)
        }
        if let goal, goal.isFinite {
            values["goal"] = goal
            values["goal_text"] = amount(goal)
        }
        if let progress, progress.isFinite {
            values["progress_percent"] = IndonesianNumber.percent(progress, decimals: 1)
        }
        if let shortfall {
            values["shortfall_text"] = amount(shortfall)
            values["behind"] = shortfall > 0
        }
        if let endsAt {
            values["endsAt"] = TimeText.rfc3339(endsAt)
            values["ends_at_text"] = TimeText.local(endsAt, in: zone)
        }
        return values
    }

    /// Counts as whole numbers (`21.816`), ratios as percent with two decimals (`4,46 %`).
    private func amount(_ number: Double) -> String {
        isRatio ? IndonesianNumber.percent(number, decimals: 2) : IndonesianNumber.format(number)
    }
}

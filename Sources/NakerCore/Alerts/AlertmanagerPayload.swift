import Foundation

/// The Alertmanager webhook body, version "4" (docs/notifications.md), so existing Alertmanager receivers work
/// unchanged. Annotations arrive rendered: templating lives outside the core.
public struct AlertmanagerPayload: Hashable, Sendable, Codable {
    /// One entry of `alerts[]` (Alertmanager's `template.Alert`).
    public struct Entry: Hashable, Sendable, Codable {
        public var status: String
        public var labels: [String: String]
        public var annotations: [String: String]
        public var startsAt: String
        public var endsAt: String
        public var generatorURL: String
        public var fingerprint: String

        public init(
            status: String, labels: [String: String], annotations: [String: String], startsAt: String,
            endsAt: String, generatorURL: String, fingerprint: String
        ) {
            self.status = status
            self.labels = labels
            self.annotations = annotations
            self.startsAt = startsAt
            self.endsAt = endsAt
            self.generatorURL = generatorURL
            self.fingerprint = fingerprint
        }
    }

    public var version: String
    public var groupKey: String
    public var truncatedAlerts: Int
    public var status: String
    public var receiver: String
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String
    public var alerts: [Entry]

    /// `annotations` renders an alert's annotation templates; `generatorURL` links to where the alert
    /// comes from (default: `externalURL`). `startsAt` is when the alert started firing, which is what
    /// Prometheus sends Alertmanager (its `FiredAt`); `endsAt` is Go's zero time until it resolves.
    /// `maxAlerts` (0: all) keeps the first alerts and counts the rest in `truncatedAlerts`, as
    /// Alertmanager's `max_alerts` does; the common labels are still those of every alert.
    public init(
        _ notification: PendingNotification, externalURL: String,
        annotations: (Alert) -> [String: String] = { $0.annotations },
        generatorURL: ((Alert) -> String)? = nil, maxAlerts: Int = 0
    ) {
        let entries = notification.alerts.map { alert in
            Entry(
                status: alert.state == .resolved ? "resolved" : "firing", labels: alert.labels,
                annotations: annotations(alert),
                startsAt: RFC3339.milliseconds(alert.firedAt ?? alert.activeAt),
                endsAt: alert.resolvedAt.map(RFC3339.milliseconds) ?? RFC3339.zeroTime,
                generatorURL: generatorURL?(alert) ?? externalURL, fingerprint: alert.fingerprint.description)
        }
        version = "4"
        groupKey = notification.groupKey
        let kept = maxAlerts > 0 ? min(maxAlerts, entries.count) : entries.count
        truncatedAlerts = entries.count - kept
        status = notification.status
        receiver = notification.receiver
        groupLabels = notification.groupLabels
        commonLabels = LabelSets.common(entries.map(\.labels))
        commonAnnotations = LabelSets.common(entries.map(\.annotations))
        self.externalURL = externalURL
        alerts = Array(entries.prefix(kept))
    }

    /// The request body: sorted keys, so equal payloads are equal bytes.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings and integers: encoding cannot fail.
        return try! encoder.encode(self)
    }
}

/// Timestamps as Alertmanager's webhook writes them, computed from Unix seconds without a formatter.
public enum RFC3339 {
    /// Go's zero `time.Time`, which Alertmanager sends as `endsAt` while an alert fires.
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// Unix time brought into years 0001–9999, the dates these texts can show (NaN as 1970), so
    /// no time, however wrong, makes the conversion to whole numbers trap.
    public static func clamped(_ unixTime: Double) -> Double {
        guard !unixTime.isNaN else { return 0 }
        return min(max(unixTime, -62_135_596_800), 253_402_300_799)
    }

    /// UTC with milliseconds: `2022-12-31T16:00:00.000Z`.
    public static func milliseconds(_ unixTime: Double) -> String {
        let totalMilliseconds = Int64((clamped(unixTime) * 1000).rounded(.down))
        let (days, dayMilliseconds) = floorDivision(totalMilliseconds, 86_400_000)
        let date = LocalDate(dayNumber: Int32(days)).components
        let seconds = dayMilliseconds / 1000
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T"
            + pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":"
            + pad(Int(seconds % 60), 2) + "." + pad(Int(dayMilliseconds % 1000), 3) + "Z"
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

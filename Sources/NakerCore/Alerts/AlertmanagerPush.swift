import Foundation

/// Towards an Alertmanager cluster the exporter behaves as Prometheus' notifier does: firing
/// alerts are posted whenever the set changes and again every `resendDelay`, each with an `endsAt`
/// four resend delays ahead, so that alerts of an exporter that stopped resolve by themselves;
/// resolved alerts are posted with their resolution time for as long as the state machine keeps
/// them (15 minutes). Pending alerts are not sent. Pure: alerts and time come in as values.
public struct AlertmanagerPush: Hashable, Sendable {
    /// What was last posted: each alert's fingerprint with whether it was resolved.
    private var lastSet: [Fingerprint: Bool] = [:]
    private var lastSentAt: Double?

    public init() {}

    /// How far ahead of now a firing alert's `endsAt` lies, in resend delays (Prometheus' factor).
    public static let validityFactor = 4.0

    /// The alerts of `receiver` to post now, or nil when nothing is due.
    public mutating func due(alerts: [Alert], receiver: String, now: Double, resendDelay: Double) -> [Alert]?
    {
        let mine = alerts.filter { $0.receivers.contains(receiver) && $0.state != .pending }
        let set = Dictionary(uniqueKeysWithValues: mine.map { ($0.fingerprint, $0.state == .resolved) })
        let resendDue = lastSentAt.map { now - $0 >= resendDelay } ?? true
        guard !mine.isEmpty, set != lastSet || resendDue else {
            lastSet = set
            return nil
        }
        lastSet = set
        lastSentAt = now
        return mine
    }

    /// The `/api/v2/alerts` body: Alertmanager's `postableAlerts`, one per alert.
    public static func body(
        _ alerts: [Alert], now: Double, resendDelay: Double, generatorURL: String,
        annotations: (Alert) -> [String: String]
    ) -> [UInt8] {
        let entries = alerts.map { alert in
            PostableAlert(
                labels: alert.labels, annotations: annotations(alert),
                startsAt: RFC3339.milliseconds(alert.firedAt ?? alert.activeAt),
                endsAt: RFC3339.milliseconds(alert.resolvedAt ?? now + validityFactor * resendDelay),
                generatorURL: generatorURL)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings: encoding cannot fail.
        return Array(try! encoder.encode(entries))
    }

    struct PostableAlert: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
    }
}

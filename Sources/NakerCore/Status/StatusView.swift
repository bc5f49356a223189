import Foundation

/// Everything the status page and `/api/v1/status` show, as plain values read at one moment.
public struct StatusView: Sendable {
    public var version: String
    /// Unix time the view was taken (the page's "as of").
    public var now: Double
    public var timeZone: TimeZone
    /// The latest recalculation's report; nil before the first one finished.
    public var report: LabourMarketReport?
    public var recalculations: Int
    public var lastRecalculation: Double?
    public var sources: [SourceStatus]
    /// Pending and firing alerts, with their summary already rendered.
    public var alerts: [StatusAlert]
    /// Receivers whose requests cannot be built, with what to fix.
    public var receiverProblems: [String: String]
    public var telemetryPath: String

    public init(
        version: String, now: Double, timeZone: TimeZone, report: LabourMarketReport?,
        recalculations: Int = 0,
        lastRecalculation: Double? = nil, sources: [SourceStatus] = [], alerts: [StatusAlert] = [],
        receiverProblems: [String: String] = [:], telemetryPath: String = "/metrics"
    ) {
        self.version = version
        self.now = now
        self.timeZone = timeZone
        self.report = report
        self.recalculations = recalculations
        self.lastRecalculation = lastRecalculation
        self.sources = sources
        self.alerts = alerts
        self.receiverProblems = receiverProblems
        self.telemetryPath = telemetryPath
    }

    /// The newest record of any source: how fresh the data behind the figures is.
    public var newestRecord: LocalDate? { sources.compactMap(\.newestRecord).max() }
}

/// A pending or firing alert as people see it.
public struct StatusAlert: Hashable, Sendable {
    public var alertname: String
    public var state: Alert.State
    public var severity: String
    /// Firing: since it fired; pending: since its condition became true.
    public var since: Double
    public var summary: String
    public var target: String?
    public var source: String?

    public init(
        alertname: String, state: Alert.State, severity: String, since: Double, summary: String,
        target: String? = nil, source: String? = nil
    ) {
        self.alertname = alertname
        self.state = state
        self.severity = severity
        self.since = since
        self.summary = summary
        self.target = target
        self.source = source
    }

    /// The alert as shown; nil for a resolved one, which the page does not list.
    public init?(_ alert: Alert, summary: String) {
        guard alert.state != .resolved else { return nil }
        self.init(
            alertname: alert.alertname, state: alert.state, severity: alert.severity,
            since: alert.state == .firing ? (alert.firedAt ?? alert.activeAt) : alert.activeAt,
            summary: summary,
            target: alert.labels["target"], source: alert.labels["source"])
    }
}

/// How a target stands, in one word: a count is judged against its plan today (pace) until its
/// due date and against its goal after it, a level against its goal. Written out on the page so
/// that colour is never the only signal.
public enum TargetVerdict: String, Sendable {
    case onTrack = "on_track"
    case behind
    case met
    case notMet = "not_met"
    case noData = "no_data"

    /// - Parameter date: the evaluation date; a count past its `end` is met or not, no longer on
    ///   track or behind.
    public init(_ evaluation: TargetEvaluation, on date: LocalDate) {
        guard evaluation.dataAvailable, let progress = evaluation.progress else {
            self = .noData
            return
        }
        let finished = evaluation.target.end.map { date > $0 } ?? false
        if evaluation.target.indicator.family == .count, !finished {
            self = (evaluation.pace ?? progress) < 1 ? .behind : .onTrack
        } else {
            self = progress < 1 ? .notMet : .met
        }
    }

    /// Whether the target needs attention.
    public var lagging: Bool { self == .behind || self == .notMet }
}

import Foundation

/// `GET /api/v1/status`: the status page's content as JSON for other dashboards (schema in
/// docs/status-api.schema.json). A figure that cannot be computed is absent, never 0.
public struct StatusDocument: Encodable, Sendable {
    struct TargetEntry: Encodable {
        struct Point: Encodable {
            var date: String
            var value: Double
        }

        struct History: Encodable {
            var realised: [Point]
            var plan: [Point]
            var projection: [Point]
        }

        struct AreaEntry: Encodable {
            var area: String
            var count: Int
        }

        var name: String
        var description: String
        var indicator: String
        var unit: String
        var direction: String
        var area: String?
        var filters: [String: String]
        var goal: Double
        var start: String?
        var end: String?
        var dataAvailable: Bool
        var status: String
        var value: Double?
        var expected: Double?
        var progress: Double?
        var pace: Double?
        var projected: Double?
        var history: History
        var areas: [AreaEntry]
    }

    struct AlertEntry: Encodable {
        var alertname: String
        var state: String
        var severity: String
        var since: String
        var summary: String
        var target: String?
        var source: String?
    }

    struct SourceEntry: Encodable {
        var name: String
        var up: Bool
        var rows: Int?
        var rejectedRows: Int?
        var lastSuccess: String?
        var newestRecord: String?
    }

    struct ReceiverProblem: Encodable {
        var receiver: String
        var problem: String
    }

    var version: String
    var generatedAt: String
    var ready: Bool
    var region: String?
    var dataDate: String?
    var newestRecord: String?
    var lastRecalculation: String?
    var targets: [TargetEntry]
    var alerts: [AlertEntry]
    var sources: [SourceEntry]
    var receiverProblems: [ReceiverProblem]

    public init(_ view: StatusView) {
        func time(_ unixTime: Double) -> String { TimeText.rfc3339(unixTime, in: view.timeZone) }
        version = view.version
        generatedAt = time(view.now)
        ready = view.report != nil
        region = view.report?.region
        dataDate = view.report.map { "\($0.date)" }
        newestRecord = view.newestRecord.map { "\($0)" }
        lastRecalculation = view.lastRecalculation.map(time)
        targets = Self.targets(view.report)
        alerts = view.alerts.map {
            AlertEntry(
                alertname: $0.alertname, state: $0.state.rawValue, severity: $0.severity,
                since: time($0.since),
                summary: $0.summary, target: $0.target, source: $0.source)
        }
        sources = view.sources.map {
            SourceEntry(
                name: $0.name, up: $0.up, rows: $0.rows, rejectedRows: $0.rejectedRows,
                lastSuccess: $0.lastSuccess.map(time), newestRecord: $0.newestRecord.map { "\($0)" })
        }
        receiverProblems = view.receiverProblems.sorted { $0.key < $1.key }.map {
            ReceiverProblem(receiver: $0.key, problem: $0.value)
        }
    }

    /// Every target of the report with its verdict, chart lines and breakdown; none before the first
    /// recalculation.
    static func targets(_ report: LabourMarketReport?) -> [TargetEntry] {
        guard let report else { return [] }
        return report.targets.map { evaluation in
            let target = evaluation.target
            let history = report.histories[target.name] ?? TargetHistory()
            func points(_ points: [TargetHistory.Point]) -> [TargetEntry.Point] {
                points.map { TargetEntry.Point(date: "\($0.date)", value: $0.value) }
            }
            return TargetEntry(
                name: target.name, description: target.description, indicator: target.indicator.rawValue,
                unit: target.indicator.isRatio ? "ratio" : "count", direction: target.direction.rawValue,
                area: target.area, filters: target.filters, goal: target.goal,
                start: target.start.map { "\($0)" },
                end: target.end.map { "\($0)" }, dataAvailable: evaluation.dataAvailable,
                status: TargetVerdict(evaluation, on: report.date).rawValue, value: evaluation.value,
                expected: evaluation.expected,
                progress: evaluation.progress, pace: evaluation.pace, projected: evaluation.projected,
                history: TargetEntry.History(
                    realised: points(history.realised), plan: points(history.plan),
                    projection: points(history.projection)),
                areas: history.areas.map { TargetEntry.AreaEntry(area: $0.area, count: $0.count) })
        }
    }

    /// Keys in snake_case and sorted, so the same view gives the same bytes.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}

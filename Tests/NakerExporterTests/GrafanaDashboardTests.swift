import Foundation
import Testing

/// `Config/grafana/naker-exporter.json`: Grafana's classic dashboard model, data source only
/// through its variable, and every panel's query answered by a real Prometheus scraping the sample.
@Suite(.serialized)
struct GrafanaDashboardTests {
    static func dashboard() throws -> [String: Any] {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: ExporterProcess.path("Config/grafana/naker-exporter.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every `datasource` object anywhere in the JSON.
    static func dataSources(in value: Any) -> [[String: Any]] {
        switch value {
        case let object as [String: Any]:
            let own = (object["datasource"] as? [String: Any]).map { [$0] } ?? []
            return own + object.values.flatMap { dataSources(in: $0) }
        case let array as [Any]:
            return array.flatMap { dataSources(in: $0) }
        default:
            return []
        }
    }

    static func panels(_ dashboard: [String: Any]) -> [[String: Any]] {
        (dashboard["panels"] as? [[String: Any]] ?? []).filter { $0["type"] as? String != "row" }
    }

    @Test func theDataSourceIsOnlyTheVariable() throws {
        let dashboard = try Self.dashboard()
        let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        #expect(
            variables.contains {
                $0["name"] as? String == "datasource" && $0["type"] as? String == "datasource"
            })
        let sources = Self.dataSources(in: dashboard)
        #expect(sources.count > 20)
        for source in sources {
            #expect(source["uid"] as? String == "${datasource}", "\(source)")
            #expect(source["type"] as? String == "prometheus")
        }
        #expect(
            dashboard["__inputs"].map { ($0 as? [Any])?.isEmpty == true } ?? true, "no import-time inputs")
        let titles = (dashboard["panels"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "row" }
            .compactMap { $0["title"] as? String }
        #expect(titles == ["Target (capaian)", "Labour market by kecamatan", "Sources", "The exporter"])
    }

    /// Each instant query, as Prometheus answers it: the number of series.
    static func seriesCount(_ expression: String, port: Int) -> Int? {
        guard
            let reply = try? HTTP.get(
                "http://127.0.0.1:\(port)/api/v1/query",
                options: ["-G", "--data-urlencode", "query=\(expression)"]),
            reply.status == 200,
            let json = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any],
            let data = json["data"] as? [String: Any], let result = data["result"] as? [Any]
        else { return nil }
        return result.count
    }

    @Test(.timeLimit(.minutes(3)))
    func everyPanelQueryReturnsSeriesFromARealPrometheus() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        let prometheus = try PrometheusProcess(
            sandbox,
            scrapeConfig: """
                scrape_configs:
                  - job_name: naker
                    static_configs:
                      - targets: ["127.0.0.1:\(server.port)"]
                """)
        defer { prometheus.stop() }
        let queries = try Self.panels(Self.dashboard()).flatMap { panel in
            (panel["targets"] as? [[String: Any]] ?? []).compactMap { target in
                (target["expr"] as? String).map { (panel["title"] as? String ?? "", $0) }
            }
        }
        #expect(queries.count >= 25)
        // The variable as Grafana fills it with "All".
        func filled(_ expression: String) -> String {
            expression.replacingOccurrences(of: "$job", with: ".*")
        }
        var empty: [String] = []
        _ = eventually(timeout: .seconds(60), interval: .milliseconds(500)) {
            empty = queries.filter { (Self.seriesCount(filled($0.1), port: prometheus.port) ?? 0) == 0 }
                .map { "\($0.0): \($0.1)" }
            return empty.isEmpty
        }
        #expect(empty.isEmpty, "panel queries without data: \(empty)\n\(prometheus.log.suffix(2000))")
    }
}

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real Prometheus scrapes the daemon and stores what it serves.
@Suite(.serialized)
struct PrometheusServerTests {
    static let prometheus = "/usr/bin/prometheus"

    /// The first sample's value of an instant query, or nil while the result is empty.
    static func query(_ expression: String, port: Int) throws -> Double? {
        let reply = try HTTP.get(
            "http://127.0.0.1:\(port)/api/v1/query",
            options: ["-G", "--data-urlencode", "query=\(expression)"])
        guard reply.status == 200,
            let json = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any],
            let data = json["data"] as? [String: Any],
            let result = data["result"] as? [[String: Any]],
            let value = result.first?["value"] as? [Any], value.count == 2,
            let text = value[1] as? String
        else { return nil }
        return Double(text)
    }

    @Test func prometheusScrapesTheDaemon() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }

        let prometheus = try PrometheusProcess(
            sandbox,
            scrapeConfig: """
                rule_files: ["\(ExporterProcess.path("Config/prometheus/naker-rules.yml"))"]
                scrape_configs:
                  - job_name: naker
                    static_configs:
                      - targets: ["127.0.0.1:\(server.port)"]
                """)
        defer { prometheus.stop() }
        let process = prometheus.process
        let prometheusPort = prometheus.port
        func log() -> String { prometheus.log }

        let up = eventually(timeout: .seconds(60), interval: .milliseconds(250)) {
            process.isRunning && (try? Self.query(#"up{job="naker"}"#, port: prometheusPort)) == 1
        }
        try #require(up, "Prometheus never saw the target up:\n\(log())")

        let served = try #require(
            try server.sample(#"naker_target_value{target="wub_2019_2024"}"#).flatMap(Double.init))
        #expect(served == 25122)
        let stored = try Self.query(#"naker_target_value{target="wub_2019_2024"}"#, port: prometheusPort)
        #expect(stored == served, "\(log())")
        let reloadGauge = try Self.query("naker_config_last_reload_successful", port: prometheusPort)
        #expect(reloadGauge == 1)
        // No total beside its parts: the kecamatan add up to the region's own series.
        let perArea = try #require(try Self.query("sum(naker_job_seekers_active)", port: prometheusPort))
        let region = try Self.query(
            #"naker_region_job_seekers_active{region="Tabalong"}"#, port: prometheusPort)
        #expect(perArea == region && perArea > 0, "sum \(perArea), region \(region ?? -1)")
        let labourForce = try Self.query("sum(naker_labour_force)", port: prometheusPort)
        #expect(
            labourForce == (try Self.query("sum(naker_region_labour_force)", port: prometheusPort)),
            "sum(naker_labour_force) counts each person once")
        #expect(try Self.query(#"count({area="Tabalong"})"#, port: prometheusPort) == nil)
        #expect(try Self.query("count(naker_target_data_available == 1)", port: prometheusPort) == 9)

        kill(process.processIdentifier, SIGTERM)
        #expect(eventually(timeout: .seconds(10)) { !process.isRunning }, "Prometheus ignored SIGTERM")
        #expect(process.terminationStatus == 0, "\(log())")
    }

    @Test func exampleRulesPassPromtool() throws {
        let check = try ExporterProcess.run(
            "/usr/bin/promtool",
            ["check", "rules", ExporterProcess.path("Config/prometheus/naker-rules.yml")])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("SUCCESS"), "\(check.stdout)")
        // Their unit tests: behind plan only for at_least targets, beyond goal for at_most ones.
        let unit = try ExporterProcess.run(
            "/usr/bin/promtool",
            ["test", "rules", ExporterProcess.path("Config/prometheus/naker-rules.test.yml")])
        #expect(unit.status == 0, "\(unit.stdout)\(unit.stderr)")
    }
}

/// A real Prometheus in a sandbox, on a free loopback port, scraping every second.
final class PrometheusProcess {
    let process = Process()
    let port: Int
    let logPath: String

    /// - Parameter scrapeConfig: the YAML after `global:` (rule files, scrape configs).
    init(_ sandbox: Sandbox, scrapeConfig: String) throws {
        port = try Loopback.freePort()
        try sandbox.write(
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            \(scrapeConfig)

            """, to: "prometheus.yml")
        logPath = sandbox.path("prometheus.log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: PrometheusServerTests.prometheus)
        process.currentDirectoryURL = sandbox.directory
        process.arguments = [
            "--config.file=\(sandbox.path("prometheus.yml"))",
            "--storage.tsdb.path=\(sandbox.path("tsdb"))",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func query(_ expression: String) throws -> Double? {
        try PrometheusServerTests.query(expression, port: port)
    }

    func stop() {
        Loopback.stop(process)
    }
}

import Foundation
import NakerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real Alertmanager (Debian's `prometheus-alertmanager`) in the test's sandbox.
final class AlertmanagerProcess {
    static let binary = "/usr/bin/prometheus-alertmanager"
    let process = Process()
    let port: Int
    let clusterPort: Int
    let logPath: String

    init(_ sandbox: Sandbox, name: String, clusterPort: Int, peers: [Int]) throws {
        port = try Loopback.freePort()
        self.clusterPort = clusterPort
        logPath = sandbox.path("\(name).log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.currentDirectoryURL = sandbox.directory
        process.arguments =
            [
                "--config.file=\(sandbox.path("alertmanager.yml"))", "--storage.path=\(sandbox.path(name))",
                "--web.listen-address=127.0.0.1:\(port)",
                "--cluster.listen-address=127.0.0.1:\(clusterPort)",
                "--cluster.advertise-address=127.0.0.1:\(clusterPort)",
                "--cluster.gossip-interval=100ms", "--cluster.pushpull-interval=2s",
                "--cluster.peer-timeout=3s",
            ] + peers.map { "--cluster.peer=127.0.0.1:\($0)" }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func waitUntilReady() throws {
        let ready = eventually(timeout: .seconds(30), interval: .milliseconds(200)) {
            process.isRunning && (try? HTTP.get(url + "/-/ready").status) == 200
        }
        guard ready else { throw ServerTestError(description: "Alertmanager not ready:\n\(log)") }
    }

    /// The alerts it holds (`GET /api/v2/alerts`), active and not.
    func alerts() throws -> [[String: Any]] {
        let reply = try HTTP.get(
            url + "/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true")
        return (try JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]]) ?? []
    }

    func stop() {
        Loopback.stop(process)
    }
}

/// Two exporters (an HA pair, same config, own state) push to a two-member Alertmanager cluster;
/// Alertmanager's own webhook receiver must see one notification per group.
@Suite(.serialized)
struct AlertmanagerClusterTests {
    @Test(.timeLimit(.minutes(4)))
    func anHAPairIntoAClusterNotifiesOncePerGroupAndResolvesWhenTheExportersStop() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let hook = try WebhookReceiver(script: [.init(status: 200)])
        try hook.start()
        defer { hook.stop() }
        try sandbox.write(
            """
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 2s
              repeat_interval: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url: \(hook.url)/am
                    send_resolved: true

            """, to: "alertmanager.yml")
        let clusterPorts = [try Loopback.freePort(), try Loopback.freePort()]
        let first = try AlertmanagerProcess(
            sandbox, name: "am1", clusterPort: clusterPorts[0], peers: [clusterPorts[1]])
        defer { first.stop() }
        let second = try AlertmanagerProcess(
            sandbox, name: "am2", clusterPort: clusterPorts[1], peers: [clusterPorts[0]])
        defer { second.stop() }
        try first.waitUntilReady()
        try second.waitUntilReady()

        // The sample's rules notify the cluster instead of the leadership webhook.
        var config = try sandbox.read("naker-exporter.yml")
        config = config.replacingOccurrences(of: "receivers: [leadership]", with: "receivers: [alertmanager]")
        var lines = config.components(separatedBy: "\n")
        let top = try #require(lines.firstIndex { $0.hasPrefix("receivers:") })
        lines.insert(
            "  - { name: alertmanager, alertmanager: { urls: [\(first.url), \(second.url)], resend_delay: 1s, timeout: 2s } }",
            at: top + 1)
        try sandbox.write(lines.joined(separator: "\n"), to: "naker-exporter.yml")
        let external = ["--web.external-url=https://naker.tabalongkab.go.id"]
        let exporterA = try ServerProcess(sandbox, extra: external, name: "exporter-a")
        defer { exporterA.stop() }
        let exporterB = try ServerProcess(sandbox, extra: external, name: "exporter-b")
        defer { exporterB.stop() }

        // Both alerts of the sample reach Alertmanager with the exporter's labels and link.
        var held: [[String: Any]] = []
        let arrived = eventually(timeout: .seconds(30), interval: .milliseconds(250)) {
            held = (try? first.alerts()) ?? []
            return held.count == 2
        }
        #expect(arrived, "Alertmanager holds \(held.count) alerts\n\(exporterA.stderr)\n\(first.log)")
        for alert in held {
            let labels = alert["labels"] as? [String: String] ?? [:]
            #expect(labels["alertname"]?.hasPrefix("BLKTanjung") == true && labels["severity"] == "warning")
            #expect(labels["team"] == "bidang_pelatihan")
            #expect((alert["generatorURL"] as? String)?.hasPrefix("https://naker.tabalongkab.go.id") == true)
        }

        // One notification per group, though two exporters push to two members.
        func firing() throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for request in try hook.requests() {
                let payload = try request.json()
                if payload["status"] as? String == "firing", let key = payload["groupKey"] as? String {
                    counts[key, default: 0] += 1
                }
            }
            return counts
        }
        #expect(
            eventually(timeout: .seconds(30), interval: .milliseconds(250)) { (try? firing().count) == 2 })
        // Past both members' turns (peer timeout 3 s), group_interval and a few resends.
        Thread.sleep(forTimeInterval: 8)
        let counts = try firing()
        #expect(counts.count == 2 && counts.values.allSatisfy { $0 == 1 }, "\(counts)")

        // One exporter and one member go; the other exporter keeps the alerts alive.
        exporterA.stop()
        second.stop()
        Thread.sleep(forTimeInterval: 6)
        let active = try first.alerts().filter {
            ($0["status"] as? [String: Any])?["state"] as? String == "active"
        }
        #expect(active.count == 2, "the remaining exporter keeps both alerts firing")
        #expect(try firing().values.allSatisfy { $0 == 1 }, "nothing re-paged")
        let sent = try #require(
            ExporterProcess.sample(
                #"naker_alertmanager_notifications_sent_total{receiver="alertmanager",alertmanager="\#(first.url)/api/v2/alerts"}"#,
                in: try exporterB.metrics()
            ).flatMap(Double.init))
        #expect(sent >= 4, "pushed every resend_delay: \(sent)")
        let errors = ExporterProcess.sample(
            #"naker_alertmanager_notifications_errors_total{receiver="alertmanager",alertmanager="\#(second.url)/api/v2/alerts"}"#,
            in: try exporterB.metrics()
        ).flatMap(Double.init)
        #expect((errors ?? 0) >= 1, "the stopped member's failures are counted")

        // The last exporter stops: the alerts resolve by themselves, 4 resend delays after the last push.
        exporterB.stop()
        func resolvedGroups() throws -> Set<String> {
            Set(
                try hook.requests().compactMap { request in
                    let payload = try request.json()
                    return payload["status"] as? String == "resolved" ? payload["groupKey"] as? String : nil
                })
        }
        let resolved = eventually(timeout: .seconds(30), interval: .milliseconds(250)) {
            (try? resolvedGroups().count) == 2
        }
        #expect(resolved, "\((try? hook.requests().map(\.body)) ?? [])")
    }
}

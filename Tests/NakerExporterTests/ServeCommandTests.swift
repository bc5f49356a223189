import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `naker-exporter serve` end to end: the built binary on a loopback port, driven with curl,
/// signals and file changes in a sandbox copy of the example config.
@Suite(.serialized)
struct ServeCommandTests {
    static let wubValue = #"naker_target_value{target="wub_2019_2024"}"#
    static let reloadGauge = "naker_config_last_reload_successful"
    static let prometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    /// Runs `body` with a daemon on a fresh sandbox of the sample config; stops the daemon and
    /// deletes the sandbox however `body` ends.
    static func withServer(extra: [String] = [], _ body: (ServerProcess) throws -> Void) throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox, extra: extra)
        defer { server.stop() }
        try body(server)
    }

    static func python(_ script: String, _ arguments: [String] = [], stdin: String? = nil) throws
        -> ExporterProcess.Output
    {
        try ExporterProcess.run("/usr/bin/env", ["python3", "-c", script] + arguments, stdin: stdin)
    }

    /// The exposition without the live samples that may change from one scrape to the next:
    /// `process_*`, and the alerting state (the alert rules are evaluated every second).
    static func withoutProcessSamples(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.hasPrefix("process_") && !$0.hasPrefix("naker_alerts{") && !$0.hasPrefix("naker_notification")
        }
    }

    // MARK: - Scrape formats

    @Test func textScrapePassesPromtool() throws {
        try Self.withServer { server in
            let reply = try server.get("/metrics")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            #expect(reply.header("Content-Encoding") == nil)
            #expect(ExporterProcess.sample(Self.wubValue, in: reply.text) == "25122")
            let check = try ExporterProcess.run("/usr/bin/promtool", ["check", "metrics"], stdin: reply.text)
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            #expect(check.stdout.isEmpty && check.stderr.isEmpty, "promtool: \(check.stdout)\(check.stderr)")
        }
    }

    @Test func openMetricsForPrometheusAcceptHeader() throws {
        try Self.withServer { server in
            let reply = try server.get("/metrics", headers: ["Accept: \(Self.prometheusAccept)"])
            #expect(reply.status == 200)
            #expect(
                reply.header("Content-Type") == "application/openmetrics-text; version=1.0.0; charset=utf-8")
            #expect(reply.text.hasSuffix("# EOF\n"))
            let script = """
                import sys
                from prometheus_client.openmetrics.parser import text_string_to_metric_families
                for family in text_string_to_metric_families(sys.stdin.read()):
                    for s in family.samples:
                        if s.name == 'naker_target_value' and s.labels.get('target') == 'wub_2019_2024':
                            print(s.value)
                """
            let parsed = try Self.python(script, stdin: reply.text)
            #expect(parsed.status == 0, "\(parsed.stderr)")
            let value = Double(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(value == 25122, "\(parsed.stdout)\(parsed.stderr)")
        }
    }

    @Test func gzipIsOneMemberWithTheWholeBody() throws {
        try Self.withServer { server in
            let zipped = try server.get("/metrics", headers: ["Accept-Encoding: gzip"])
            let plain = try server.get("/metrics")
            #expect(zipped.status == 200)
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            #expect(zipped.body.starts(with: [0x1f, 0x8b]))
            let file = server.sandbox.path("scrape.gz")
            try zipped.body.write(to: URL(fileURLWithPath: file))
            let script = """
                import sys, zlib
                d = zlib.decompressobj(31)
                out = d.decompress(open(sys.argv[1], 'rb').read())
                if not d.eof or d.unused_data:
                    sys.exit('eof=%s unused=%d bytes' % (d.eof, len(d.unused_data)))
                sys.stdout.write(out.decode('utf-8'))
                """
            let unzipped = try Self.python(script, [file])
            #expect(unzipped.status == 0, "not one complete gzip member: \(unzipped.stderr)")
            #expect(unzipped.stdout.hasSuffix("\n"))
            #expect(Self.withoutProcessSamples(unzipped.stdout) == Self.withoutProcessSamples(plain.text))

            let viaCurl = try server.get("/metrics", options: ["--compressed"])
            #expect(viaCurl.header("Content-Encoding") == "gzip")
            let curlLines = Self.withoutProcessSamples(viaCurl.text)
            let plainLines = Self.withoutProcessSamples(plain.text)
            #expect(curlLines.count == plainLines.count)
            #expect(curlLines == plainLines)
        }
    }

    // MARK: - Reload

    @Test func brokenConfigIsRejectedKeptAndReported() throws {
        try Self.withServer { server in
            let sandbox = server.sandbox
            let original = try sandbox.read("naker-exporter.yml")
            let broken = Self.brokenConfig(original)
            #expect(try server.sample(Self.reloadGauge) == "1")
            try sandbox.write(broken, to: "naker-exporter.yml")
            server.signal(SIGHUP)
            #expect(
                try eventually(timeout: .seconds(5)) { try server.sample(Self.reloadGauge) == "0" },
                "\(server.stderr)")
            #expect(try server.sample(Self.wubValue) == "25122")
            #expect(server.stderr.contains("recalc_intervl"))

            try sandbox.write(original, to: "naker-exporter.yml")
            server.signal(SIGHUP)
            #expect(
                try eventually(timeout: .seconds(5)) { try server.sample(Self.reloadGauge) == "1" },
                "\(server.stderr)")
            #expect(try server.sample(Self.wubValue) == "25122")

            let forbidden = try server.post("/-/reload")
            #expect(forbidden.status == 403, "\(forbidden.text)")
        }
    }

    @Test func reloadEndpointWithLifecycle() throws {
        try Self.withServer(extra: ["--web.enable-lifecycle"]) { server in
            let sandbox = server.sandbox
            let original = try sandbox.read("naker-exporter.yml")
            let good = try server.post("/-/reload")
            #expect(good.status == 200, "\(good.text)")
            #expect(try server.sample(Self.reloadGauge) == "1")

            try sandbox.write(Self.brokenConfig(original), to: "naker-exporter.yml")
            let bad = try server.post("/-/reload")
            #expect(bad.status == 500)
            #expect(bad.text.contains("global.recalc_intervl"), "\(bad.text)")
            #expect(try server.sample(Self.reloadGauge) == "0")
            #expect(try server.sample(Self.wubValue) == "25122")

            try sandbox.write(original, to: "naker-exporter.yml")
            #expect(try server.post("/-/reload").status == 200)
            #expect(try server.sample(Self.reloadGauge) == "1")
        }
    }

    /// Inserts `  recalc_intervl: 5m` as the first key under `global:`.
    static func brokenConfig(_ config: String) -> String {
        var lines = config.components(separatedBy: "\n")
        let global = lines.firstIndex { $0.hasPrefix("global:") } ?? 0
        lines.insert("  recalc_intervl: 5m", at: global + 1)
        return lines.joined(separator: "\n")
    }

    // MARK: - Shutdown

    struct LoadTally: Sendable {
        var ok = 0
        var couldNotConnect = 0
        /// Connections the kernel had accepted and the closing server reset before any response.
        var droppedBeforeResponse: [String] = []
        /// curl errors once a response had begun, and any other error: truncated responses.
        var otherFailures: [String] = []
        /// 200 responses whose body is not a complete exposition.
        var truncated: [String] = []
        var badStatus: [Int] = []
    }

    @Test func sigtermUnderLoadExitsCleanly() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        let url = server.baseURL + "/metrics"
        let tally = Locked(LoadTally())
        let stop = Locked(false)
        let done = DispatchGroup()
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<4 {
            done.enter()
            Thread {
                defer { done.leave() }
                for _ in 0..<2_000 {
                    if stop.value || clock.now - start > .seconds(10) { break }
                    do {
                        let reply = try HTTP.get(url)
                        let text = reply.text
                        tally.update { tally in
                            if reply.status != 200 {
                                tally.badStatus.append(reply.status)
                            } else if !text.hasSuffix("\n") || !text.contains("naker_build_info") {
                                tally.truncated.append("\(reply.body.count) bytes: …\(text.suffix(80))")
                            } else {
                                tally.ok += 1
                            }
                        }
                    } catch let failure as HTTP.Failure {
                        tally.update { tally in
                            if failure.couldNotConnect {
                                tally.couldNotConnect += 1
                            } else if !failure.responseStarted {
                                tally.droppedBeforeResponse.append(failure.description)
                            } else {
                                tally.otherFailures.append(failure.description)
                            }
                        }
                        if failure.couldNotConnect { break }
                    } catch {
                        tally.update { $0.otherFailures.append("\(error)") }
                    }
                }
            }.start()
        }
        // Let every thread get some responses in before the signal.
        let warmedUp = eventually(timeout: .seconds(8), interval: .milliseconds(20)) {
            tally.value.ok >= 40 && clock.now - start >= .seconds(1)
        }
        #expect(warmedUp, "\(tally.value)")
        server.signal(SIGTERM)
        let signalledAt = clock.now
        let status = server.waitForExit(timeout: .seconds(5))
        let exitTime = clock.now - signalledAt
        stop.update { $0 = true }
        done.wait()
        let result = tally.value
        print(
            "SIGTERM under load: exit \(status.map(String.init) ?? "none") after \(exitTime); "
                + "\(result.ok) complete responses, \(result.couldNotConnect) refused connections, "
                + "\(result.droppedBeforeResponse.count) reset before a response "
                + "\(result.droppedBeforeResponse), \(result.otherFailures.count) other failures")
        #expect(status == 0, "exit status \(String(describing: status)) after \(exitTime):\n\(server.stderr)")
        #expect(server.process.terminationReason == .exit)
        #expect(result.truncated.isEmpty, "truncated 200 bodies: \(result.truncated)")
        #expect(result.badStatus.isEmpty, "non-200 statuses: \(result.badStatus)")
        #expect(result.otherFailures.isEmpty, "responses broken off: \(result.otherFailures)")
        #expect(result.ok >= 40)
    }

    // MARK: - Sources changing under the daemon

    @Test func deletedSourceKeepsItsLastGoodValues() throws {
        try Self.withServer { server in
            #expect(try server.sample(#"naker_source_up{source="pelatihan"}"#) == "1")
            try server.sandbox.remove("sample/trainees.csv")
            let down = try eventually(timeout: .seconds(5)) {
                try server.sample(#"naker_source_up{source="pelatihan"}"#) == "0"
            }
            #expect(down, "\(server.stderr)")
            let text = try server.metrics()
            #expect(
                ExporterProcess.sample(#"naker_trainees{institution="BLK Tanjung",year="2022"}"#, in: text)
                    == "368")
            #expect(ExporterProcess.sample(#"naker_source_up{source="wub"}"#, in: text) == "1")
            #expect(ExporterProcess.sample(Self.wubValue, in: text) == "25122")
        }
    }

    @Test func changedDataFileIsPickedUpWithinSeconds() throws {
        try Self.withServer { server in
            #expect(try server.sample(Self.wubValue) == "25122")
            var rows = ""
            for number in 1...10 {
                let day = (number - 1) % 9 + 1
                rows += "WUB-2024-9\(String(format: "%04d", number)),2024-06-0\(day),Tanjung,bengkel-sahabat,"
                rows += "kuliner,aktif\n"
            }
            let clock = ContinuousClock()
            let changedAt = clock.now
            try server.sandbox.append(rows, to: "sample/entrepreneurs.csv")
            let seen = try eventually(timeout: .seconds(5), interval: .milliseconds(50)) {
                try server.sample(Self.wubValue) == "25132"
            }
            let latency = clock.now - changedAt
            print("data file change reflected in /metrics after \(latency)")
            let now = try server.sample(Self.wubValue)
            #expect(seen, "still \(String(describing: now)):\n\(server.stderr)")
        }
    }

    /// 1,000 areas × 1 programme, `rows` registrations in each area.
    static func generation(_ rows: Int) -> String {
        var csv = "id,registered_on,area,programme\n"
        for area in 0..<1_000 {
            let name = "a" + String(format: "%04d", area)
            for row in 1...rows { csv += "\(name)-\(row),2020-01-01,\(name),p\n" }
        }
        return csv
    }

    struct Scrapes: Sendable {
        /// The one value all 1,000 samples had, per scrape, in order.
        var generations: [Int] = []
        var problems: [String] = []
    }

    @Test func scrapesNeverMixTwoSnapshots() throws {
        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        try sandbox.write(
            """
            global:
              region: Tabalong
              recalc_interval: 5m
            sources:
              - name: wub
                dataset: entrepreneurs
                csv:
                  path: sample/generations.csv

            """, to: "naker-exporter.yml")
        try sandbox.replaceAtomically(Self.generation(1), at: "sample/generations.csv")
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        let url = server.baseURL + "/metrics"
        let scrapes = Locked(Scrapes())
        let stop = Locked(false)
        let done = DispatchSemaphore(value: 0)
        Thread {
            defer { done.signal() }
            while !stop.value {
                do {
                    let text = try HTTP.get(url).text
                    let values = text.split(separator: "\n").filter { $0.hasPrefix("naker_entrepreneurs{") }
                        .map { $0.split(separator: " ").last.map(String.init) ?? "" }
                    let distinct = Set(values)
                    scrapes.update { scrapes in
                        if values.count != 1_000 || distinct.count != 1 {
                            scrapes.problems.append("\(values.count) samples, values \(distinct.sorted())")
                        } else if let value = Int(values[0]) {
                            scrapes.generations.append(value)
                        }
                    }
                } catch {
                    scrapes.update { $0.problems.append("\(error)") }
                }
            }
        }.start()
        // Each new generation is written once the scrapes saw the one before: every swap happens
        // under scrapes, whatever the machine's speed.
        var sawEach = true
        for rows in 2...8 {
            sawEach =
                sawEach && eventually(timeout: .seconds(30)) { scrapes.value.generations.last == rows - 1 }
            try sandbox.replaceAtomically(Self.generation(rows), at: "sample/generations.csv")
        }
        let sawLast = eventually(timeout: .seconds(30)) { scrapes.value.generations.last == 8 }
        stop.update { $0 = true }
        done.wait()
        let result = scrapes.value
        let seen = Set(result.generations).sorted()
        print("mixed-snapshot check: \(result.generations.count) scrapes saw generations \(seen)")
        #expect(result.problems.isEmpty, "\(result.problems.prefix(5))")
        #expect(sawEach && sawLast, "\(server.stderr)")
        #expect(result.generations == result.generations.sorted(), "went backwards: \(result.generations)")
        #expect(seen == Array(1...8))
    }

    // MARK: - Start failures

    @Test func portInUseExitsTwo() throws {
        try Self.withServer { first in
            let second = try ServerProcess(first.sandbox, port: first.port, name: "second", ready: false)
            defer { second.stop() }
            let status = second.waitForExit(timeout: .seconds(30))
            #expect(status == 2, "\(second.stderr)")
            #expect(second.stderr.contains("in use"), "\(second.stderr)")
            #expect(first.process.isRunning)
            #expect(try first.get("/-/healthy").status == 200)
        }
    }

    @Test func aRepeatedListenAddressServesOnEach() throws {
        let other = try Loopback.freePort()
        try Self.withServer(extra: ["--web.listen-address=127.0.0.1:\(other)"]) { server in
            let first = try server.get("/metrics")
            let second = try HTTP.get("http://127.0.0.1:\(other)/metrics")
            #expect(first.status == 200 && second.status == 200)
            #expect(second.text.contains("naker_build_info{"))
            #expect(try HTTP.get("http://127.0.0.1:\(other)/-/ready").status == 200)
        }
    }

    @Test func storagePathUnderARegularFileExitsTwo() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        try sandbox.write("not a directory\n", to: "file")
        let server = try ServerProcess(sandbox, storagePath: sandbox.path("file/sub"), ready: false)
        defer { server.stop() }
        let status = server.waitForExit(timeout: .seconds(30))
        #expect(status == 2, "\(server.stderr)")
        #expect(server.stderr.contains("storage.path"), "\(server.stderr)")
    }

    @Test func nonsenseListenAddressExitsOne() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let result = try ExporterProcess.exporter([
            "serve", "--config.file=\(sandbox.configPath)", "--web.listen-address=nonsense",
            "--storage.path=\(sandbox.path("state"))",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--web.listen-address"), "\(result.stderr)")
        // serve is the default subcommand.
        let implicit = try ExporterProcess.exporter([
            "--config.file=\(sandbox.configPath)", "--web.listen-address=nonsense",
            "--storage.path=\(sandbox.path("state"))",
        ])
        #expect(implicit.status == 1, "\(implicit.stderr)")
    }

    @Test(arguments: [
        ("--web.telemetry-path=metrics", "--web.telemetry-path"), ("--web.telemetry-path=/-/ready", "taken"),
        ("--web.external-url=naker.local", "--web.external-url"),
        ("--web.external-url=https://admin:Rahasia-99@naker.local", "--web.external-url"),
    ])
    func nonsenseWebFlagsExitOne(flag: String, named: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let result = try ExporterProcess.exporter([
            "serve", "--config.file=\(sandbox.configPath)", flag, "--storage.path=\(sandbox.path("state"))",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(!result.stderr.contains("Rahasia-99"))
    }

    @Test func sigintExitsZero() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox)
        defer { server.stop() }
        server.signal(SIGINT)
        #expect(server.waitForExit(timeout: .seconds(5)) == 0, "\(server.stderr)")
        #expect(server.process.terminationReason == .exit)
    }

    // MARK: - Pages for people and probes

    @Test func readyOnlyAfterAFirstCompleteRecalculation() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let trainees = try sandbox.read("sample/trainees.csv")
        try sandbox.remove("sample/trainees.csv")
        let server = try ServerProcess(sandbox, ready: false)
        defer { server.stop() }
        // A recalculation ran, but a source has no data at all: alive, not ready.
        let recalculated = eventually(timeout: .seconds(30)) {
            guard server.process.isRunning else { return true }
            guard let reply = try? server.get("/metrics") else { return false }
            let recalculations = ExporterProcess.sample("naker_recalcs_total", in: reply.text)
            return recalculations.flatMap(Double.init) ?? 0 >= 1
        }
        try #require(recalculated && server.process.isRunning, "\(server.stderr)")
        #expect(try server.get("/-/healthy").status == 200)
        let notReady = try server.get("/-/ready")
        #expect(notReady.status == 503, "\(notReady.text)")
        #expect(try server.sample(#"naker_source_up{source="pelatihan"}"#) == "0")

        try sandbox.replaceAtomically(trainees, at: "sample/trainees.csv")
        let ready = eventually(timeout: .seconds(5)) { (try? server.get("/-/ready").status) == 200 }
        #expect(ready, "\(server.stderr)")
        #expect(try server.sample(#"naker_source_up{source="pelatihan"}"#) == "1")
    }

    @Test func landingPageAndHealth() throws {
        try Self.withServer { server in
            let page = try server.get("/")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains("Capaian"))
            #expect(page.text.contains("wub_2019_2024"))
            let healthy = try server.get("/-/healthy")
            #expect(healthy.status == 200)
            let ready = try server.get("/-/ready")
            #expect(ready.status == 200)
        }
    }
}

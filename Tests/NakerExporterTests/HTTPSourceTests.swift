import Foundation
import Testing

/// A loopback stand-in for CKAN, the BPS WebAPI and a JSON download (Tests/Fixtures/http/serve.py,
/// which says where each shape comes from), serving the bundled sample.
final class OpenDataServer {
    let process = Process()
    let port: Int
    let scheme: String
    static let key = "kunci-rahasia-bps-0123456789"

    init(_ sandbox: Sandbox, tls: (cert: String, key: String)? = nil, bigBytes: Int = 64 << 20) throws {
        let portFile = sandbox.path("open-data-\(UUID().uuidString).port")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [
            "python3", ExporterProcess.path("Tests/Fixtures/http/serve.py"), "--sample",
            ExporterProcess.path("Config/sample"), "--port-file", portFile, "--key", Self.key, "--big-bytes",
            "\(bigBytes)",
        ]
        if let tls { arguments += ["--tls", tls.cert, tls.key] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        scheme = tls == nil ? "http" : "https"
        var found: Int?
        let started = process
        _ = eventually(timeout: .seconds(20)) {
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            return found != nil || !started.isRunning
        }
        guard let found else {
            Loopback.stop(started, grace: .seconds(2))
            throw ServerTestError(description: "the open-data fixture server did not start")
        }
        port = found
    }

    func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// The BPS WebAPI table URL, one variable per request (`{var}`), with the key in the path.
    func bpsURL(key: String = OpenDataServer.key, domain: String = "6309") -> String {
        url("/v1/api/list/model/data/domain/\(domain)/var/{var}/key/\(key)/")
    }

    func stats() throws -> [String: Any] {
        let reply = try HTTP.get("http://127.0.0.1:\(port)/stats")
        return try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
    }

    func requests(_ path: String) throws -> Int {
        (try stats()["counts"] as? [String: Int])?[path] ?? 0
    }

    func mode(_ name: String) throws {
        _ = try HTTP.post("http://127.0.0.1:\(port)/mode?name=\(name)")
    }

    func stop() {
        Loopback.stop(process, grace: .seconds(2))
    }
}

@Suite(.serialized)
struct HTTPSourceTests {
    /// BPS-style codes of the sample's areas, as the fixture gives them.
    static func bpsAreas() throws -> String {
        let text = try String(
            contentsOfFile: ExporterProcess.path("Config/sample/labour_force.csv"), encoding: .utf8)
        let areas = Set(text.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        var entries = ["\"6309\": Tabalong"]
        for (index, area) in areas.filter({ $0 != "Tabalong" }).sorted().enumerated() {
            let number = (index + 1) * 10
            entries.append("\"6309\(number < 100 ? "0" : "")\(number)\": \"\(area)\"")
        }
        return "{ " + entries.joined(separator: ", ") + " }"
    }

    /// The sample config with its survey, WUB and training sources read over HTTP (AK/I stays a
    /// CSV), and `extra` lines added to each http: block.
    static func config(
        _ sandbox: Sandbox, server: OpenDataServer, recordsPath: String = "/records.json", extra: String = "",
        interval: String? = nil, more: String = ""
    ) throws -> String {
        try sandbox.write(server.bpsURL() + "\n", to: "bps_url")
        let sample = try sandbox.read("naker-exporter.yml")
        var head = String(sample[..<sample.range(of: "\nsources:")!.lowerBound])
        if let interval {
            head = head.replacingOccurrences(of: "recalc_interval: 5m", with: "recalc_interval: \(interval)")
        }
        let ak1Start = sample.range(of: "  - name: ak1")!.lowerBound
        let ak1 = String(sample[ak1Start..<sample.range(of: "  - name: wub")!.lowerBound])
        let rest = String(sample[sample.range(of: "\ntargets:")!.lowerBound...])
        let sources = """

            sources:
              - name: sakernas
                dataset: labour_force
                http:
                  format: bps_webapi
                  url_file: bps_url
                  variables: { working_age_population: 1236, labour_force: 1234, unemployed: 1235 }
                  areas: \(try bpsAreas())
            \(extra.isEmpty ? "" : "      " + extra)
            \(ak1)  - name: wub
                dataset: entrepreneurs
                http:
                  format: json_records
                  url: \(server.url(recordsPath))
            \(extra.isEmpty ? "" : "      " + extra)
              - name: pelatihan
                dataset: trainees
                http:
                  format: ckan_datastore
                  url: \(server.url("/api/3/action/datastore_search?resource_id=pelatihan-blk"))
                  limit: 1000
            \(extra.isEmpty ? "" : "      " + extra)
            \(more)
            """
        let text = head + sources + rest
        try sandbox.write(text, to: "http.yml")
        return sandbox.path("http.yml")
    }

    static func once(_ config: String, _ extra: [String] = []) throws -> ExporterProcess.Output {
        try ExporterProcess.exporter(["once", "--config.file=\(config)", "--at=2026-11-30"] + extra)
    }

    @Test(.timeLimit(.minutes(3)))
    func theSameRecordsOverHTTPGiveTheSameOnceOutputAsTheCSVs() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try OpenDataServer(sandbox)
        defer { server.stop() }
        let overHTTP = try Self.once(Self.config(sandbox, server: server))
        let fromCSV = try Self.once(sandbox.configPath)
        #expect(overHTTP.status == 0, "\(overHTTP.stderr)")
        #expect(fromCSV.status == 0)
        #expect(overHTTP.stdout == fromCSV.stdout)
        #expect(overHTTP.stdout.contains(#"naker_source_rows{source="pelatihan"} 2562"#))
        #expect(overHTTP.stdout.contains(#"naker_source_rows{source="sakernas"} 65"#))
        // 2,562 trainees at 1,000 a page: three pages; the survey: one request per BPS variable.
        #expect(try server.requests("/api/3/action/datastore_search") == 3)
        let bps = (try server.stats()["counts"] as? [String: Int] ?? [:]).filter { $0.key.contains("/var/") }
        #expect(bps.count == 3)
        #expect(overHTTP.stderr.contains("pages=3"))
    }

    @Test(.timeLimit(.minutes(3)))
    func overHTTPSTheTestCAIsTrustedOnlyWhenNamed() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let certificates = TestCertificates(sandbox: sandbox)
        try certificates.authority("ca")
        try certificates.issue("server", by: "ca")
        let server = try OpenDataServer(
            sandbox, tls: (sandbox.path("server.crt"), sandbox.path("server.key")))
        defer { server.stop() }
        let trusted = try Self.once(
            Self.config(sandbox, server: server, extra: "ca_file: \(sandbox.path("ca.crt"))"))
        #expect(trusted.stdout.contains(#"naker_source_up{source="wub"} 1"#), "\(trusted.stderr)")
        #expect(trusted.stdout.contains(#"naker_source_up{source="sakernas"} 1"#))
        #expect(trusted.stdout.contains(#"naker_source_rows{source="pelatihan"} 2562"#))
        let untrusted = try Self.once(Self.config(sandbox, server: server))
        #expect(untrusted.stdout.contains(#"naker_source_up{source="wub"} 0"#))
        #expect(untrusted.stderr.contains("certificate check with https://127.0.0.1:\(server.port)"))
    }

    @Test(.timeLimit(.minutes(3)))
    func refusalsLimitsAndBadAnswersAreFailedLoadsWithTheirReason() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try OpenDataServer(sandbox, bigBytes: 200 << 20)
        defer { server.stop() }
        func failure(_ path: String, extra: String = "") throws -> String {
            let run = try Self.once(Self.config(sandbox, server: server, recordsPath: path, extra: extra))
            #expect(run.stdout.contains(#"naker_source_up{source="wub"} 0"#), "\(path): \(run.stderr)")
            #expect(!run.stdout.contains(#"naker_source_rows{source="wub"}"#), "no rows without a load")
            return run.stderr
        }
        #expect(try failure("/redirect").contains("redirects (HTTP 302)"))
        let followed = try Self.once(
            Self.config(sandbox, server: server, recordsPath: "/redirect", extra: "follow_redirects: true"))
        #expect(followed.stdout.contains(#"naker_source_up{source="wub"} 1"#), "\(followed.stderr)")
        #expect(try failure("/invalid.json").contains("is not valid JSON"))
        #expect(try failure("/nope.json").contains("answered HTTP 404"))

        // 200 MiB offered, 1 MiB allowed: refused, and the process never held the body.
        let config = try Self.config(
            sandbox, server: server, recordsPath: "/big.json", extra: "max_bytes: 1MiB")
        let measure = """
            import resource, subprocess, sys
            run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.stderr.write(run.stderr)
            """
        let measured = try ExporterProcess.run(
            "/usr/bin/env",
            [
                "python3", "-c", measure, ExporterProcess.binary, "once", "--config.file=\(config)",
                "--at=2026-11-30",
            ])
        #expect(measured.stderr.contains("larger than http.max_bytes (1048576 bytes)"), "\(measured.stderr)")
        let peakKiB = Int(measured.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max
        #expect(peakKiB < 150 * 1024, "peak RSS \(peakKiB) KiB for a 200 MiB body refused at 1 MiB")

        // A CKAN portal that gains a record while it is paged through: not half-used.
        try server.mode("grow")
        let grown = try Self.once(Self.config(sandbox, server: server))
        try server.mode("ok")
        #expect(grown.stdout.contains(#"naker_source_up{source="pelatihan"} 0"#))
        #expect(grown.stderr.contains("changed its total from 2562 to 2563"), "\(grown.stderr)")

        // BPS: a wrong key (401) and a table the WebAPI does not have.
        try sandbox.write(server.bpsURL(key: "kunci-salah-000") + "\n", to: "bad_bps_url")
        var text = try sandbox.read("http.yml").replacingOccurrences(
            of: "url_file: bps_url", with: "url_file: bad_bps_url")
        try sandbox.write(text, to: "bad-key.yml")
        let badKey = try Self.once(sandbox.path("bad-key.yml"))
        #expect(badKey.stdout.contains(#"naker_source_up{source="sakernas"} 0"#))
        #expect(badKey.stderr.contains("refused the credentials (HTTP 401)"), "\(badKey.stderr)")
        #expect(!badKey.stderr.contains("kunci-salah"))
        try sandbox.write(server.bpsURL(domain: "9999") + "\n", to: "other_bps_url")
        text = text.replacingOccurrences(of: "url_file: bad_bps_url", with: "url_file: other_bps_url")
        try sandbox.write(text, to: "no-table.yml")
        let noTable = try Self.once(sandbox.path("no-table.yml"))
        #expect(noTable.stdout.contains(#"naker_source_up{source="sakernas"} 0"#))
        #expect(noTable.stderr.contains("data-availability: list-not-available"), "\(noTable.stderr)")
    }

    @Test(.timeLimit(.minutes(3)))
    func rejectedRecordsAreNamedByTheirPlaceNeverByTheirValues() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try OpenDataServer(sandbox)
        defer { server.stop() }
        let run = try Self.once(Self.config(sandbox, server: server, recordsPath: "/bad-records.json"))
        #expect(run.stdout.contains(#"naker_source_rows{source="wub"} 7"#), "\(run.stderr)")
        #expect(run.stdout.contains(#"naker_source_rejected_rows{source="wub"} 3"#))
        let base = "http://127.0.0.1:\(server.port)/bad-records.json"
        for index in [3, 4, 5] {
            #expect(run.stderr.contains("\(base)#records[\(index)]"), "record \(index): \(run.stderr)")
        }
        #expect(run.stderr.contains("is an object or a list"))
        // The records' ids and names stay inside: the rejected ones are the sample's 1st to 6th.
        let sample = try String(
            contentsOfFile: ExporterProcess.path("Config/sample/entrepreneurs.csv"), encoding: .utf8)
        for line in sample.split(separator: "\n").dropFirst().prefix(6) {
            let id = String(line.split(separator: ",")[0])
            #expect(!run.stderr.contains(id), "\(id) in the log")
        }
    }

    /// The daemon: a 304 round reuses the last load unparsed; a reset mid-body and invalid JSON
    /// fail the load and keep the last good data; the BPS key never shows anywhere.
    @Test(.timeLimit(.minutes(4)))
    func theDaemonKeepsItsLastGoodDataAndNeverShowsTheKey() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try OpenDataServer(sandbox)
        defer { server.stop() }
        // One more source: a JSON download with an ETag, asked conditionally every round.
        let download = """
              - name: unduhan
                dataset: entrepreneurs
                http: { format: json_records, url: \(server.url("/records.json")) }
            """
        let config = try Self.config(
            sandbox, server: server, recordsPath: "/switch/records.json", interval: "1s", more: download)
        try sandbox.write(try String(contentsOfFile: config, encoding: .utf8), to: "naker-exporter.yml")
        let daemon = try ServerProcess(sandbox, extra: ["--log.level=debug"])
        defer { daemon.stop() }
        let rows = #"naker_source_rows{source="wub"}"#
        let up = #"naker_source_up{source="wub"}"#
        #expect(try daemon.sample(rows) == "29610")

        // Conditional rounds: answered 304, not parsed again.
        #expect(
            eventually(timeout: .seconds(30)) { ((try? server.stats()["not_modified"]) as? Int ?? 0) >= 2 },
            "the second and later rounds ask with If-None-Match")
        let loaded = daemon.stderr.split(separator: "\n").filter {
            $0.contains("msg=\"source loaded\"") && $0.contains("source=unduhan")
        }
        #expect(loaded.count == 1, "one parse of the unchanged document: \(loaded)")
        #expect(daemon.stderr.contains("source unchanged (HTTP 304), reusing last load"))

        for (mode, reason) in [("reset", "the connection was lost"), ("invalid", "is not valid JSON")] {
            try server.mode(mode)
            #expect(
                eventually(timeout: .seconds(30)) { (try? daemon.sample(up)) == "0" },
                "\(mode): \(daemon.stderr)")
            #expect(try daemon.sample(rows) == "29610", "the last good rows stay")
            #expect(daemon.stderr.contains(reason), "\(mode)")
            #expect(try daemon.get("/-/ready").status == 200)
            try server.mode("ok")
            #expect(eventually(timeout: .seconds(30)) { (try? daemon.sample(up)) == "1" })
        }

        var outputs = [daemon.stderr, try daemon.metrics(), try daemon.get("/").text]
        outputs += [try daemon.get("/?lang=en").text, try daemon.get("/api/v1/status").text]
        let check = try ExporterProcess.exporter(["check-config", "--config.file=\(sandbox.configPath)"])
        outputs += [check.stdout, check.stderr]
        for output in outputs {
            #expect(!output.contains(OpenDataServer.key))
            #expect(!output.contains("/key/"))
        }
        #expect(
            daemon.stderr.contains("http://127.0.0.1:\(server.port)/…"), "the BPS URL is shown up to its host"
        )
    }
}

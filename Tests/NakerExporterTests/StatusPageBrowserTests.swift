import Foundation
import Testing

/// The status page as leadership sees it: Debian's Chromium, headless, loading `/` from the daemon
/// running on the sample; and `/api/v1/status` checked against the schema in docs/.
@Suite(.serialized)
struct StatusPageBrowserTests {
    static let chromium = "/usr/bin/chromium"

    /// Chromium's output for `url` with `arguments` (`--dump-dom`, `--print-to-pdf=…`), its profile
    /// in the sandbox so runs share nothing. Headless Chromium sends `Accept-Language` from
    /// `--accept-lang` (it ignores `--lang`), so that is how a test picks the browser's language.
    static func chromium(_ arguments: [String], url: String, sandbox: Sandbox) throws
        -> ExporterProcess.Output
    {
        // Root (as CI runs) needs --no-sandbox; nothing but the loopback page is loaded.
        try ExporterProcess.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(sandbox.path("chromium-profile"))",
            ] + arguments + [url], timeout: .seconds(120))
    }

    /// The sample daemon once its alert for the BLK Tanjung 2021–2024 target fires, with the status
    /// document it then serves.
    static func sampleDaemon(_ sandbox: Sandbox) throws -> (ServerProcess, [String: Any]) {
        let server = try ServerProcess(sandbox)
        var document: [String: Any] = [:]
        let firing = eventually(timeout: .seconds(30)) {
            guard let reply = try? server.get("/api/v1/status"),
                let json = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
            else { return false }
            document = json
            let alerts = json["alerts"] as? [[String: Any]] ?? []
            return alerts.contains {
                $0["alertname"] as? String == "BLKTanjungBehindPlan" && $0["state"] as? String == "firing"
            }
        }
        if !firing { server.stop() }
        try #require(firing, "the sample's BLKTanjungBehindPlan alert fires at once (for: 0)")
        return (server, document)
    }

    @Test(.timeLimit(.minutes(4)))
    func theSamplePageHasAChartPerTargetTheFiringAlertAndEachSourcesNewestRecord() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let (server, document) = try Self.sampleDaemon(sandbox)
        defer { server.stop() }
        let dom = try Self.chromium(
            ["--accept-lang=id", "--dump-dom"], url: server.baseURL + "/", sandbox: sandbox)
        #expect(dom.status == 0, "\(dom.stderr)")
        let html = dom.stdout
        #expect(html.contains("<html lang=\"id\">"))
        #expect(html.contains("Capaian target ketenagakerjaan Tabalong"))

        let targets = document["targets"] as? [[String: Any]] ?? []
        #expect(targets.count == 9)
        let articles = html.components(separatedBy: "<article ").dropFirst()
        #expect(articles.count == targets.count)
        for (article, target) in zip(articles, targets) {
            let name = target["name"] as? String ?? "?"
            #expect(article.hasPrefix("class=\"t \(target["status"] as? String ?? "")\" id=\"t-\(name)\""))
            #expect(article.components(separatedBy: "<svg class=\"chart\"").count == 2, "one chart: \(name)")
            #expect(article.contains("<path class=\"plan\" d=\"M"), "plan line: \(name)")
            #expect(article.contains("<path class=\"real\" d=\"M"), "realised line: \(name)")
        }
        #expect(html.contains("<li class=\"firing\"><b>● BLKTanjungBehindPlan</b> (aktif, warning) sejak "))
        #expect(html.contains("Capaian 2.000 peserta pelatihan BLK Tanjung 2021–2024 73,0 % dari target"))

        let sources = document["sources"] as? [[String: Any]] ?? []
        #expect(sources.map { $0["name"] as? String } == ["sakernas", "ak1", "wub", "pelatihan"])
        for source in sources {
            let name = source["name"] as? String ?? "?"
            let newest = try #require(source["newest_record"] as? String, "\(name) has a newest record")
            let parts = newest.split(separator: "-")
            let shown = "\(parts[2])-\(parts[1])-\(parts[0])"
            let row = html.components(separatedBy: "<tr><td>\(name)</td>").dropFirst().first ?? ""
            #expect(row.hasPrefix("<td class=\"up\">✓ OK</td>"), "\(name)")
            #expect(
                row.components(separatedBy: "</tr>").first?.contains("<td>\(shown)</td>") == true,
                "\(name): \(shown)")
        }
        // The sample's newest records: survey period August 2025, registrations to 30 November 2026.
        #expect(sources.compactMap { $0["newest_record"] as? String }.contains("2025-08-01"))
        #expect(sources.compactMap { $0["newest_record"] as? String }.contains("2026-11-30"))

        let english = try Self.chromium(
            ["--accept-lang=en", "--dump-dom"], url: server.baseURL + "/", sandbox: sandbox)
        #expect(english.stdout.contains("<html lang=\"en\">"))
        #expect(english.stdout.contains("Labour target progress Tabalong"))
        #expect(english.stdout.contains("(firing, warning) since "))
        let asked = try Self.chromium(
            ["--accept-lang=id", "--dump-dom"], url: server.baseURL + "/?lang=en", sandbox: sandbox)
        #expect(asked.stdout.contains("<html lang=\"en\">"))
    }

    @Test(.timeLimit(.minutes(4)))
    func thePagePrintsOnOneA4Sheet() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let (server, _) = try Self.sampleDaemon(sandbox)
        defer { server.stop() }
        for language in ["id", "en"] {
            let pdf = sandbox.path("brief-\(language).pdf")
            let printed = try Self.chromium(
                ["--accept-lang=\(language)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf)"],
                url: server.baseURL + "/?lang=\(language)", sandbox: sandbox)
            #expect(printed.status == 0, "\(printed.stderr)")
            let info = try ExporterProcess.run("/usr/bin/pdfinfo", [pdf])
            #expect(info.status == 0, "\(info.stderr)")
            let lines = info.stdout.split(separator: "\n").map { $0.split(separator: ":", maxSplits: 1) }
            let fields = Dictionary(
                lines.filter { $0.count == 2 }.map {
                    (String($0[0]), $0[1].trimmingCharacters(in: .whitespaces))
                }, uniquingKeysWith: { first, _ in first })
            #expect(fields["Pages"] == "1", "\(language): \(info.stdout)")
            #expect(fields["Page size"]?.hasSuffix("(A4)") == true, "\(language): \(info.stdout)")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func theStatusDocumentMatchesItsSchemaWithDataAndWithout() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let (server, _) = try Self.sampleDaemon(sandbox)
        let withData = try server.get("/api/v1/status")
        server.stop()
        try withData.body.write(to: URL(fileURLWithPath: sandbox.path("with-data.json")))

        // Every source gone: the daemon is up, its targets have no data, its sources are down.
        for name in ["labour_force", "job_seekers", "entrepreneurs", "trainees"] {
            try sandbox.remove("sample/\(name).csv")
        }
        let empty = try ServerProcess(sandbox, name: "empty", ready: false)
        defer { empty.stop() }
        var withoutData = Data()
        let answered = eventually(timeout: .seconds(30)) {
            guard let reply = try? empty.get("/api/v1/status"), reply.text.contains(#""name":"sakernas""#)
            else { return false }
            withoutData = reply.body
            return true
        }
        try #require(answered)
        try withoutData.write(to: URL(fileURLWithPath: sandbox.path("without-data.json")))
        #expect(String(decoding: withoutData, as: UTF8.self).contains(#""status":"no_data""#))

        let check = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            for path in sys.argv[2:]:
                errors = list(validator.iter_errors(json.load(open(path))))
                for error in errors:
                    print(path, list(error.absolute_path), error.message)
                if errors:
                    sys.exit(1)
            stray = json.load(open(sys.argv[2]))
            stray["targets"][0]["surprise"] = 1
            if validator.is_valid(stray):
                print("a stray key passed"); sys.exit(1)
            print("valid")
            """
        let result = try ExporterProcess.run(
            "/usr/bin/env",
            [
                "python3", "-c", check, ExporterProcess.path("docs/status-api.schema.json"),
                sandbox.path("with-data.json"), sandbox.path("without-data.json"),
            ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "valid\n")
    }
}

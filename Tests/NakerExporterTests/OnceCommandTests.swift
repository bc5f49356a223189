import Foundation
import Testing

struct OnceCommandTests {
    static let config = ExporterProcess.path("Config/naker-exporter.yml")

    static func once(_ extra: [String]) throws -> ExporterProcess.Output {
        try ExporterProcess.exporter(["once", "--config.file=\(config)"] + extra)
    }

    @Test func reproducesThePublishedFiguresAsOf2022() throws {
        let output = try Self.once(["--at=2022-12-31"])
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        func value(_ series: String) -> String? { ExporterProcess.sample(series, in: text) }
        #expect(value(#"naker_target_value{target="wub_2019_2024"}"#) == "21816")
        #expect(value(#"naker_target_progress_ratio{target="wub_2019_2024"}"#) == "2.1816")
        #expect(value(#"naker_target_goal{target="wub_2019_2024"}"#) == "10000")
        #expect(value(#"naker_trainees{institution="BLK Tanjung",year="2021"}"#) == "288")
        #expect(value(#"naker_trainees{institution="BLK Tanjung",year="2022"}"#) == "368")
        #expect(value(#"naker_region_labour_force{region="Tabalong"}"#) == "139540")
        let tpt = try #require(
            value(#"naker_region_open_unemployment_ratio{region="Tabalong"}"#).flatMap(Double.init))
        #expect((tpt * 10_000).rounded() / 10_000 == 0.0446, "TPT \(tpt) must round to 4.46 %")
    }

    @Test func laterPublishedTptAndLabourForce() throws {
        let text = try Self.once(["--at=2024-12-31"]).stdout
        let tpt = try #require(
            ExporterProcess.sample(#"naker_region_open_unemployment_ratio{region="Tabalong"}"#, in: text)
                .flatMap(Double.init))
        #expect((tpt * 10_000).rounded() / 10_000 == 0.0344)
        #expect(
            ExporterProcess.sample(#"naker_region_labour_force{region="Tabalong"}"#, in: text) == "145224")
        let tpt2023 = try #require(
            ExporterProcess.sample(
                #"naker_region_open_unemployment_ratio{region="Tabalong"}"#,
                in: try Self.once(["--at=2023-12-31"]).stdout
            )
            .flatMap(Double.init))
        #expect((tpt2023 * 10_000).rounded() / 10_000 == 0.0360)
    }

    @Test(arguments: ["text", "openmetrics"])
    func outputPassesPromtoolWithoutWarnings(format: String) throws {
        let output = try Self.once(["--at=2022-12-31", "--format=\(format)"])
        let text = format == "openmetrics" ? String(output.stdout.dropLast("# EOF\n".count)) : output.stdout
        let check = try ExporterProcess.run("/usr/bin/promtool", ["check", "metrics"], stdin: text)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(
            check.stdout.isEmpty && check.stderr.isEmpty, "promtool warned: \(check.stdout)\(check.stderr)")
    }

    @Test(arguments: [
        ("text", "prometheus_client.parser"), ("openmetrics", "prometheus_client.openmetrics.parser"),
    ])
    func outputParsesWithPythonPrometheusClient(format: String, module: String) throws {
        let output = try Self.once(["--at=2022-12-31", "--format=\(format)"])
        if format == "openmetrics" { #expect(output.stdout.hasSuffix("# EOF\n")) }
        let script = """
            import sys, \(module) as p
            values = {(s.name, tuple(sorted(s.labels.items()))): s.value
                      for f in p.text_string_to_metric_families(sys.stdin.read()) for s in f.samples}
            print(float(values[("naker_target_value", (("target", "wub_2019_2024"),))]))
            print(float(values[("naker_trainees", (("institution", "BLK Tanjung"), ("year", "2022")))]))
            print(len(values))
            """
        let parsed = try ExporterProcess.run("/usr/bin/env", ["python3", "-c", script], stdin: output.stdout)
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let lines = parsed.stdout.split(separator: "\n")
        #expect(lines.prefix(2) == ["21816.0", "368.0"])
        let sampleCount = output.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        #expect(lines.last.flatMap { Int($0) } == sampleCount, "every sample parsed")
    }

    /// Samples of one family, keyed by their label text (`{area="Kelua"}`).
    static func samples(_ family: String, in text: String) -> [String: Double] {
        var found: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(family + "{") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...])
            else { continue }
            found[String(line[line.index(line.startIndex, offsetBy: family.count)..<space])] = value
        }
        return found
    }

    @Test(arguments: ["2022-12-31", "2024-12-31", "2026-11-30"])
    func perAreaFamiliesHoldNoRegionTotal(at date: String) throws {
        let text = try Self.once(["--at=\(date)"]).stdout
        #expect(!text.contains(#"area="Tabalong""#), "the region's figures belong to naker_region_*")
        let perArea = Self.samples("naker_job_seekers_active", in: text)
        #expect(perArea.count == 12, "one sample per kecamatan")
        let region = try #require(
            Self.samples("naker_region_job_seekers_active", in: text)[#"{region="Tabalong"}"#])
        #expect(perArea.values.reduce(0, +) == region)
        let labourForce = Self.samples("naker_labour_force", in: text)
        let regionLabourForce = try #require(
            Self.samples("naker_region_labour_force", in: text)[#"{region="Tabalong"}"#])
        #expect(labourForce.count == 12)
        #expect(
            labourForce.values.reduce(0, +) == regionLabourForce,
            "the sample's kecamatan add up to the region")
    }

    @Test func aMissingJobSeekerFileGivesNoNumberInsteadOfZero() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        try FileManager.default.removeItem(atPath: sandbox.path("sample/job_seekers.csv"))
        let output = try ExporterProcess.exporter([
            "once", "--config.file=\(sandbox.configPath)", "--at=2022-12-31",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        func value(_ series: String) -> String? { ExporterProcess.sample(series, in: text) }
        #expect(value(#"naker_source_up{source="ak1"}"#) == "0")
        #expect(value(#"naker_source_rows{source="ak1"}"#) == nil, "a source never loaded has no row count")
        #expect(value(#"naker_source_rejected_rows{source="ak1"}"#) == nil)
        for family in [
            "naker_job_seekers_active", "naker_unemployment_proxy_ratio", "naker_region_job_seekers_active",
            "naker_region_unemployment_proxy_ratio",
        ] {
            #expect(Self.samples(family, in: text).isEmpty, "\(family) has no sample without job-seeker data")
        }
        for target in ["pencari_kerja_aktif", "proxy_pengangguran_2024"] {
            #expect(value(#"naker_target_data_available{target="\#(target)"}"#) == "0")
            for family in ["value", "progress_ratio", "pace_ratio", "projected_value"] {
                #expect(value(#"naker_target_\#(family){target="\#(target)"}"#) == nil, "\(target) \(family)")
            }
            #expect(value(#"naker_target_goal{target="\#(target)"}"#) != nil, "the goal is still known")
        }
        // Targets whose data is there are unaffected.
        #expect(value(#"naker_target_data_available{target="wub_2019_2024"}"#) == "1")
        #expect(value(#"naker_target_value{target="wub_2019_2024"}"#) == "21816")
        #expect(value(#"naker_region_labour_force{region="Tabalong"}"#) == "139540")
        let check = try ExporterProcess.run("/usr/bin/promtool", ["check", "metrics"], stdin: text)
        #expect(
            check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty,
            "\(check.stdout)\(check.stderr)")
    }

    @Test func aSurveyTargetBeforeTheFirstPeriodHasNoData() throws {
        let text = try Self.once(["--at=2021-07-31"]).stdout
        #expect(ExporterProcess.sample(#"naker_target_data_available{target="tpt_2024"}"#, in: text) == "0")
        #expect(ExporterProcess.sample(#"naker_target_value{target="tpt_2024"}"#, in: text) == nil)
        #expect(Self.samples("naker_region_labour_force", in: text).isEmpty)
    }

    @Test func theCurrentPlanPeriodIsInProgressWithOneTargetBehind() throws {
        let text = try Self.once(["--at=2026-11-30"]).stdout
        func number(_ series: String) -> Double? {
            ExporterProcess.sample(series, in: text).flatMap(Double.init)
        }
        let wubPace = try #require(number(#"naker_target_pace_ratio{target="wub_2025_2029"}"#))
        let blkPace = try #require(number(#"naker_target_pace_ratio{target="blk_tanjung_2025_2029"}"#))
        #expect([wubPace, blkPace].filter { $0 < 0.9 }.count == 1, "one behind plan: \(wubPace), \(blkPace)")
        for target in ["wub_2025_2029", "blk_tanjung_2025_2029"] {
            let progress = try #require(number(#"naker_target_progress_ratio{target="\#(target)"}"#))
            #expect(progress > 0 && progress < 1, "\(target) is in progress: \(progress)")
        }
    }

    @Test func sampleVerifierChecksBothPlanPeriods() throws {
        let verify = try ExporterProcess.run(
            "/usr/bin/env", ["python3", ExporterProcess.path("Config/sample/verify.py")], stdin: "")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("2025_2029"), "\(verify.stdout)")
    }

    @Test func dueDateIsTheFirstMomentOfTheNextDayOnADaylightSavingChange() throws {
        // In São Paulo, 2018-11-04 began at 01:00 (clocks skipped midnight), 03:00 UTC.
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let example = try sandbox.read("naker-exporter.yml")
        let edited = example.replacingOccurrences(
            of: "  timezone: Asia/Makassar ", with: "  timezone: America/Sao_Paulo "
        ).replacingOccurrences(
            of: "    end: 2024-12-31             # due date (last day counted); no milestones: linear plan",
            with: "    end: 2018-11-03"
        )
        .replacingOccurrences(of: "    start: 2019-01-01 ", with: "    start: 2018-01-01 ")
        #expect(edited.contains("America/Sao_Paulo") && edited.contains("end: 2018-11-03\n"))
        try sandbox.write(edited, to: "naker-exporter.yml")
        let output = try ExporterProcess.exporter([
            "once", "--config.file=\(sandbox.configPath)", "--at=2018-12-31",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            ExporterProcess.sample(
                #"naker_target_end_timestamp_seconds{target="wub_2019_2024"}"#, in: output.stdout)
                == "1541300400")
    }

    /// The sample as Excel on Windows saves it ("CSV": Windows-1252, `;`, dates as 04/01/2022,
    /// survey counts as 139.540) gives the very output of the canonical files, at two dates.
    /// Python's csv and cp1252 codec write the export, so the reader is checked against
    /// writers that are not ours; one institution gets a curly apostrophe (0x92 in Windows-1252).
    @Test func anExcelWindowsExportOfTheSampleGivesTheSameOutput() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let export = #"""
            import csv, os, re, sys
            root = sys.argv[1]
            os.mkdir(os.path.join(root, "office"))
            for name, delimiter in (("labour_force.csv", ","), ("job_seekers.csv", ";"),
                                    ("entrepreneurs.csv", ","), ("trainees.csv", ",")):
                canonical = os.path.join(root, "sample", name)
                with open(canonical, encoding="utf-8", newline="") as f:
                    table = [[v.replace("LPK Karya Mandiri", "LPK Ma’arif") for v in row]
                             for row in csv.reader(f, delimiter=delimiter)]
                with open(canonical, "w", encoding="utf-8", newline="") as f:
                    csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(table)
                office = [table[0]]
                for row in table[1:]:
                    out = []
                    for v in row:
                        day = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v)
                        if day:
                            v = f"{day[3]}/{day[2]}/{day[1]}"
                        elif name == "labour_force.csv" and v.isdigit():
                            v = f"{int(v):,}".replace(",", ".")
                        out.append(v)
                    office.append(out)
                with open(os.path.join(root, "office", name), "w", encoding="cp1252", newline="") as f:
                    csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(office)
            """#
        let written = try ExporterProcess.run("/usr/bin/env", ["python3", "-c", export, sandbox.path("")])
        #expect(written.status == 0, "\(written.stderr)")
        let labourForce = try String(
            decoding: Data(contentsOf: URL(fileURLWithPath: sandbox.path("office/labour_force.csv"))),
            as: UTF8.self)
        #expect(labourForce.contains(";139.540;"), "the export groups the counts")

        var office: [String] = []
        for line in try sandbox.read("naker-exporter.yml").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.hasPrefix("      delimiter:") { continue }
            guard line.hasPrefix("      path: sample/"),
                let file = line.dropFirst(19).split(separator: " ").first
            else {
                office.append(String(line))
                continue
            }
            office += [
                "      path: office/\(file)", "      delimiter: \";\"", "      encoding: windows-1252",
                file == "labour_force.csv"
                    ? "      thousands_separator: \".\"" : "      date_format: DD/MM/YYYY",
            ]
        }
        #expect(office.filter { $0 == "      encoding: windows-1252" }.count == 4)
        try sandbox.write(office.joined(separator: "\n"), to: "office.yml")

        for date in ["2022-12-31", "2024-12-31"] {
            let canonical = try ExporterProcess.exporter([
                "once", "--config.file=\(sandbox.configPath)", "--at=\(date)",
            ])
            let exported = try ExporterProcess.exporter([
                "once", "--config.file=\(sandbox.path("office.yml"))", "--at=\(date)",
            ])
            #expect(canonical.status == 0 && exported.status == 0, "\(canonical.stderr)\(exported.stderr)")
            #expect(!exported.stderr.contains("source row rejected"), "\(exported.stderr)")
            #expect(exported.stdout == canonical.stdout, "\(date)")
            #expect(
                canonical.stdout.contains(#"naker_trainees{institution="LPK Ma’arif",year="2022"}"#),
                "the curly apostrophe arrives as itself")
        }
    }

    /// The worked example of docs/configuration.md ("Workbooks"): the sample as one workbook.
    @Test func theSampleAsAWorkbookGivesTheSameOutput() throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let written = try ExporterProcess.run(
            "/usr/bin/env",
            [
                "python3", ExporterProcess.path("Config/sample/workbook.py"),
                sandbox.path("sample/tabalong.xlsx"),
            ])
        #expect(written.status == 0, "\(written.stderr)")
        let sheets = [
            "labour_force.csv": "xlsx: { path: sample/tabalong.xlsx, sheet: Sakernas }",
            "job_seekers.csv": "xlsx: { path: sample/tabalong.xlsx, sheet: Pendaftaran AK1, header_row: 3 }",
            "entrepreneurs.csv": "xlsx: { path: sample/tabalong.xlsx, sheet: WUB }",
            "trainees.csv": "xlsx: { path: sample/tabalong.xlsx, sheet: Pelatihan }",
        ]
        try sandbox.write(try Self.sampleConfig(in: sandbox, sources: sheets), to: "workbook.yml")
        try Self.expectSameOutput(sandbox, "workbook.yml")
    }

    /// The sample config with each source's `csv:` block (its line and the deeper-indented ones
    /// below) replaced by `sources[file]`, keyed by the CSV file's name.
    static func sampleConfig(in sandbox: Sandbox, sources: [String: String]) throws -> String {
        var lines: [String] = []
        var inCSV = false
        for line in try sandbox.read("naker-exporter.yml").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.hasPrefix("    csv:") {
                inCSV = true
                continue
            }
            if inCSV, line.hasPrefix("      ") {
                if let file = line.split(separator: "/").last?.split(separator: " ").first,
                    let block = sources[String(file)], line.contains("path:")
                {
                    lines.append("    " + block)
                }
                continue
            }
            inCSV = false
            lines.append(String(line))
        }
        let replaced = lines.filter { line in sources.values.contains { line == "    " + $0 } }
        try #require(replaced.count == sources.count, "\(lines)")
        return lines.joined(separator: "\n")
    }

    /// `once` on both configs of the sandbox gives the same output, with no row rejected.
    static func expectSameOutput(_ sandbox: Sandbox, _ other: String) throws {
        for date in ["2022-12-31", "2026-11-30"] {
            let csv = try ExporterProcess.exporter([
                "once", "--config.file=\(sandbox.configPath)", "--at=\(date)",
            ])
            let converted = try ExporterProcess.exporter([
                "once", "--config.file=\(sandbox.path(other))", "--at=\(date)",
            ])
            #expect(csv.status == 0 && converted.status == 0, "\(converted.stderr)")
            #expect(!converted.stderr.contains("source row rejected"), "\(converted.stderr)")
            #expect(!converted.stderr.contains("source rows rejected by rule"), "\(converted.stderr)")
            #expect(converted.stdout == csv.stdout, "\(date)")
        }
    }

    @Test func badDateIsAUsageErrorExitingOne() throws {
        let output = try Self.once(["--at=2022-13-01"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("write YYYY-MM-DD"))
        #expect(output.stdout.isEmpty)
    }

    @Test func unknownFlagExitsOne() throws {
        let output = try ExporterProcess.exporter(["once", "--config.fiel=x.yml"])
        #expect(output.status == 1)
    }

    @Test func versionIsPrintedAsThePrometheusToolsPrintIt() throws {
        let output = try ExporterProcess.exporter(["--version"])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 5, "\(output.stdout)")
        #expect(
            lines[0].wholeMatch(
                of: try Regex(#"naker-exporter, version 0\.1\.0 \(branch: [^,]*, revision: [0-9a-f]*\)"#))
                != nil, "\(lines[0])")
        #expect(lines[1].hasPrefix("  build date:       "))
        #expect(lines[2] == "  swift version:    6.3", "\(lines[2])")
        #expect(lines[3] == "  platform:         linux/amd64", "\(lines[3])")
        #expect(
            lines[4].hasPrefix("  libcurl:          7.") || lines[4].hasPrefix("  libcurl:          8."),
            "\(lines[4])")
    }
}

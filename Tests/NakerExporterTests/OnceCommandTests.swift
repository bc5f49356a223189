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
        #expect(value(#"naker_labour_force{area="Tabalong"}"#) == "139540")
        let tpt = try #require(value(#"naker_open_unemployment_ratio{area="Tabalong"}"#).flatMap(Double.init))
        #expect((tpt * 10_000).rounded() / 10_000 == 0.0446, "TPT \(tpt) must round to 4.46 %")
    }

    @Test func laterPublishedTptAndLabourForce() throws {
        let text = try Self.once(["--at=2024-12-31"]).stdout
        let tpt = try #require(
            ExporterProcess.sample(#"naker_open_unemployment_ratio{area="Tabalong"}"#, in: text).flatMap(
                Double.init))
        #expect((tpt * 10_000).rounded() / 10_000 == 0.0344)
        #expect(ExporterProcess.sample(#"naker_labour_force{area="Tabalong"}"#, in: text) == "145224")
        let tpt2023 = try #require(
            ExporterProcess.sample(
                #"naker_open_unemployment_ratio{area="Tabalong"}"#,
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

    @Test func versionNamesLibcurl() throws {
        let output = try ExporterProcess.exporter(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("naker-exporter "))
        #expect(
            output.stdout.contains("(libcurl 7.") || output.stdout.contains("(libcurl 8."), "\(output.stdout)"
        )
    }
}

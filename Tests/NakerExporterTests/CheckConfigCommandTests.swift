import Foundation
import Testing

struct CheckConfigCommandTests {
    @Test func exampleConfigIsValid() throws {
        let output = try ExporterProcess.exporter([
            "check-config", "--config.file=\(OnceCommandTests.config)",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("valid (4 sources, 9 targets, 6 alerts, 1 receivers)"))
        // Every sample file is there; only the webhook URL, a secret, is left to the admin.
        #expect(
            output.stderr.split(separator: "\n") == [
                "warning: receivers[0].webhook.url_file: \(ExporterProcess.path("Config/credentials/leadership_url")) is not readable yet; deliveries to leadership will retry until it is"
            ])
    }

    @Test func threeMistakesAreAllNamedAndExitOne() throws {
        let example = try String(contentsOfFile: OnceCommandTests.config, encoding: .utf8)
        let broken =
            example
            .replacingOccurrences(of: "dataset: trainees ", with: "dataset: trainee ")
            .replacingOccurrences(of: "goal: 0.72 ", with: "goal: 72 ")
            .replacingOccurrences(
                of: "    direction: at_least         # higher is better (the default)",
                with: "    direction: at-least")
        #expect(broken != example)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("naker-check-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yml")
        try broken.write(to: file, atomically: true, encoding: .utf8)

        let output = try ExporterProcess.exporter(["check-config", "--config.file=\(file.path)"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "config file \(file.path) has 3 problems:", "\(output.stderr)")
        #expect(
            lines.contains {
                $0.contains("sources[3].dataset: unknown dataset \"trainee\"; write one of")
                    && $0.contains("(line ")
            })
        #expect(
            lines.contains { $0.contains("targets[2].goal: ratios are written 0–1: for 72 % write 0.72") })
        #expect(
            lines.contains {
                $0.contains(
                    "targets[0].direction: \"at-least\" is not a direction; write at_least or at_most")
            })
    }

    @Test func missingFileExitsOneWithThePath() throws {
        let output = try ExporterProcess.exporter(["check-config", "--config.file=/nonexistent/naker.yml"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("/nonexistent/naker.yml: no such file"))
    }
}

import Foundation
import Testing

/// The deliberately bad sample rows (Config/sample/bad-rows, counts in its EXPECTED.md): rejected
/// one by one with file:line, never fatal.
struct BadRowsTests {
    static let config = ExporterProcess.path("Config/sample/bad-rows/naker-exporter.yml")

    @Test func everyBadRowIsCountedAndLoggedWithFileAndLine() throws {
        let output = try ExporterProcess.exporter(["once", "--config.file=\(Self.config)", "--at=2022-12-31"])
        #expect(output.status == 0, "\(output.stderr)")
        let expected: [String: (accepted: Int, rejected: Int)] = [
            "labour_force": (5, 11), "job_seekers": (6, 11), "entrepreneurs": (5, 9), "trainees": (5, 8),
        ]
        for (dataset, counts) in expected {
            let name = try #require(try sourceName(for: dataset), "no source reads \(dataset).csv")
            #expect(ExporterProcess.sample("naker_source_up{source=\"\(name)\"}", in: output.stdout) == "1")
            #expect(
                ExporterProcess.sample("naker_source_rows{source=\"\(name)\"}", in: output.stdout)
                    == "\(counts.accepted)")
            #expect(
                ExporterProcess.sample("naker_source_rejected_rows{source=\"\(name)\"}", in: output.stdout)
                    == "\(counts.rejected)")
            let file = ExporterProcess.path("Config/sample/bad-rows/\(dataset).csv")
            let logged = output.stderr.split(separator: "\n").filter {
                $0.contains("file=\(file)") && $0.contains("line=")
            }
            #expect(logged.count == counts.rejected, "\(dataset): \(logged.count) rejection lines")
        }
    }

    func sourceName(for dataset: String) throws -> String? {
        let text = try String(contentsOfFile: Self.config, encoding: .utf8)
        var name: String?
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- name:") {
                name = trimmed.dropFirst(7).split(separator: "#").first?.trimmingCharacters(in: .whitespaces)
            }
            if trimmed.contains("\(dataset).csv") { return name }
        }
        return nil
    }
}

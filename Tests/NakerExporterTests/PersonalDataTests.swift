import Foundation
import Testing

/// Ids, names and NIK never leave the process, only counts.
struct PersonalDataTests {
    /// Every value of the personal columns of the sample registries.
    static func personalValues() throws -> Set<String> {
        let files: [(String, Character, [String])] = [
            ("Config/sample/job_seekers.csv", ";", ["no_pendaftaran", "nik", "nama"]),
            ("Config/sample/entrepreneurs.csv", ",", ["id"]), ("Config/sample/trainees.csv", ",", ["id"]),
            ("Config/sample/bad-rows/job_seekers.csv", ";", ["no_pendaftaran", "nik", "nama"]),
            ("Config/sample/bad-rows/entrepreneurs.csv", ",", ["id"]),
            ("Config/sample/bad-rows/trainees.csv", ",", ["id"]),
        ]
        var values: Set<String> = []
        for (path, delimiter, columns) in files {
            let text = String(
                decoding: try Data(contentsOf: URL(fileURLWithPath: ExporterProcess.path(path))),
                as: UTF8.self)
            let lines = text.split(whereSeparator: \.isNewline)
            let header = lines[0].split(separator: delimiter).map(String.init)
            let indices = columns.compactMap { header.firstIndex(of: $0) }
            #expect(indices.count == columns.count, "\(path) lacks a personal column")
            for line in lines.dropFirst() {
                // Quoted names may hold the delimiter; the unquoted columns (ids, NIK) come first.
                let fields = line.split(separator: delimiter, omittingEmptySubsequences: false)
                for index in indices where index < fields.count {
                    let value = fields[index].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                    if value.count >= 6 { values.insert(value) }
                }
            }
        }
        return values
    }

    @Test func noIdNameOrNikAppearsInAnyOutput() throws {
        let personal = try Self.personalValues()
        #expect(personal.count > 30_000)
        var outputs: [String] = []
        for config in [OnceCommandTests.config, BadRowsTests.config] {
            for format in ["text", "openmetrics"] {
                let run = try ExporterProcess.exporter([
                    "once", "--config.file=\(config)", "--at=2024-12-31", "--format=\(format)",
                    "--log.level=debug",
                ])
                #expect(run.status == 0)
                outputs += [run.stdout, run.stderr]
            }
            for logFormat in ["logfmt", "json"] {
                let run = try ExporterProcess.exporter([
                    "once", "--config.file=\(config)", "--log.format=\(logFormat)", "--log.level=debug",
                ])
                outputs.append(run.stderr)
            }
        }
        // The daemon's pages for people and for other dashboards: counts only.
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let server = try ServerProcess(sandbox, extra: ["--log.level=debug"])
        for path in ["/", "/?lang=en", "/api/v1/status", "/metrics"] {
            outputs.append(try server.get(path).text)
        }
        server.stop()
        outputs.append(server.stderr)
        let everything = outputs.joined(separator: "\n")
        #expect(everything.contains("line="), "rejections are logged, so the check has log lines to look at")
        // Ids and NIK are one token; a name is a run of tokens, so compare token runs (n-grams).
        func tokens(_ text: String) -> [Substring] {
            text.split { !($0.isLetter || $0.isNumber || $0 == "-") }
        }
        let words = tokens(everything)
        var runs: Set<String> = []
        for length in 1...6 where words.count >= length {
            for start in 0...(words.count - length) {
                runs.insert(words[start..<(start + length)].joined(separator: " "))
            }
        }
        let leaked = personal.filter { value in
            let run = tokens(value).joined(separator: " ")
            return !run.isEmpty && runs.contains(run)
        }
        #expect(leaked.isEmpty, "personal data in output: \(leaked.prefix(5))")
    }
}

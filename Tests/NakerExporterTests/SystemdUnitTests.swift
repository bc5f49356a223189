import Foundation
import Testing

/// The shipped unit, checked by systemd's own tools.
struct SystemdUnitTests {
    static let unit = ExporterProcess.path("systemd/naker-exporter.service")

    /// A copy whose ExecStart points at the built binary, since verify checks that it exists.
    func unitForThisBuild() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("naker-unit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/naker-exporter", with: ExporterProcess.binary)
        let copy = directory.appendingPathComponent("naker-exporter.service")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func verifyIsClean() throws {
        let copy = try unitForThisBuild()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let result = try ExporterProcess.run("/usr/bin/systemd-analyze", ["verify", copy.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
    }

    @Test func exposureIsAtMostOnePointTwo() throws {
        let result = try ExporterProcess.run(
            "/usr/bin/systemd-analyze", ["security", "--offline=yes", Self.unit])
        let line = try #require(
            result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(score, "\(line)")
        #expect(exposure <= 1.2, "\(line)")
    }

    /// The data-files drop-in of docs/operations.md, added to the unit: still valid, still 1.2.
    @Test func theDocumentedDataDropInKeepsTheUnitValidAndItsRating() throws {
        let docs = try String(contentsOfFile: ExporterProcess.path("docs/operations.md"), encoding: .utf8)
        let block = try #require(
            docs.components(separatedBy: "```").first {
                $0.contains("BindReadOnlyPaths=") && $0.contains("[Service]")
            })
        let settings = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            $0.contains("=") && !$0.hasPrefix("#")
        }
        #expect(
            settings.contains { $0.hasPrefix("ReadOnlyPaths=") }
                && settings.contains { $0.hasPrefix("ProtectHome=") })
        let copy = try unitForThisBuild()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let unit = try String(contentsOf: copy, encoding: .utf8)
            .replacingOccurrences(of: "\n[Install]", with: settings.joined(separator: "\n") + "\n\n[Install]")
        try unit.write(to: copy, atomically: true, encoding: .utf8)
        let verify = try ExporterProcess.run("/usr/bin/systemd-analyze", ["verify", copy.path])
        #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify.stderr)")
        let security = try ExporterProcess.run(
            "/usr/bin/systemd-analyze", ["security", "--offline=yes", copy.path])
        let line =
            security.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") } ?? ""
        let score = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        #expect(score.map { $0 <= 1.2 } == true, "\(line)")
    }

    /// systemd refuses to start a unit whose LoadCredential= file is missing, unless a
    /// SetCredential= of the same id gives a fallback; a missing webhook secret must not stop the
    /// daemon (the receiver reports it), so every credential, shipped or commented, has one.
    @Test func aMissingCredentialFileCannotStopTheUnit() throws {
        let lines = try String(contentsOfFile: Self.unit, encoding: .utf8).split(separator: "\n").map {
            $0.hasPrefix("# ") ? String($0.dropFirst(2)) : String($0)
        }
        let loaded = lines.filter { $0.hasPrefix("LoadCredential=") }.map {
            $0.dropFirst("LoadCredential=".count).split(separator: ":").first.map(String.init) ?? ""
        }
        #expect(loaded.count >= 2)
        for id in loaded {
            #expect(lines.contains("SetCredential=\(id):\\n"), "no fallback for \(id)")
        }
        #expect(lines.contains { $0.hasPrefix("LimitNOFILE=") })
    }

    /// Every setting the users' reference shows for the unit (docs/operations.md, "The systemd
    /// unit": its first ini block and each `Key=value` in the text) is in the shipped unit as written.
    @Test func theUnitSaysWhatTheReadmeSays() throws {
        let unit = Self.logicalLines(try String(contentsOfFile: Self.unit, encoding: .utf8))
        let docs = try String(contentsOfFile: ExporterProcess.path("docs/operations.md"), encoding: .utf8)
        let section = try #require(
            docs.components(separatedBy: "\n## The systemd unit\n").dropFirst().first?
                .components(separatedBy: "\n## ").first)
        var settings: [String] = []
        for (index, part) in section.components(separatedBy: "```").enumerated() {
            if index == 1 {
                // The unit's own lines (later blocks are drop-in examples): whole settings.
                settings += Self.logicalLines(part).filter { $0.contains("=") && !$0.hasPrefix("ini") }
            } else if index % 2 == 0 {
                // Text: `Key=value` spans of unit settings (CamelCase keys, not sd_notify messages).
                for span in part.split(separator: "`").enumerated() where span.offset % 2 == 1 {
                    let text = String(span.element)
                    if text.wholeMatch(of: /[A-Z][a-z][A-Za-z]*=\S.*/) != nil { settings.append(text) }
                }
            }
        }
        #expect(settings.count >= 10, "the reference shows the unit's settings: \(settings)")
        for setting in settings {
            #expect(
                unit.contains { $0 == setting || $0.hasPrefix(setting + " ") },
                "documented, not in the unit: \(setting)")
        }
    }

    /// Lines with `\` continuations joined and runs of blanks made one space.
    static func logicalLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").map {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }
        .filter { !$0.isEmpty }
    }
}

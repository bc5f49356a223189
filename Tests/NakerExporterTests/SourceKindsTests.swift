import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The same registries in every form an office keeps them (Tests/Fixtures/registries) give one
/// answer: every sample of `once`, the rejected-row counts included. The database kinds use the
/// PostgreSQL and MariaDB servers `make test` starts (NAKER_TEST_DATABASES).
@Suite struct SourceKindsTests {
    static let fixture = ExporterProcess.path("Tests/Fixtures/registries")

    /// Writes the fixture as `kind` with a config reading it (Tests/Fixtures/registries/variants.py).
    static func variant(_ kind: String, in sandbox: Sandbox) throws -> String {
        let written = try ExporterProcess.run(
            "/usr/bin/env", ["python3", fixture + "/variants.py", kind, sandbox.path(kind)])
        try #require(written.status == 0, "\(written.stderr)")
        return sandbox.path("\(kind)/naker-exporter.yml")
    }

    static func once(_ config: String, at date: String) throws -> ExporterProcess.Output {
        try ExporterProcess.exporter(["once", "--config.file=\(config)", "--at=\(date)"])
    }

    @Test(arguments: [
        "windows-1252", "libreoffice", "xlsxwriter", "openpyxl", "sqlite", "postgresql", "mysql",
    ])
    func oneAnswerWhateverTheFormTheRegistriesAreKeptIn(kind: String) throws {
        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        let config = try Self.variant(kind, in: sandbox)
        for date in ["2023-12-31", "2024-12-31"] {
            let canonical = try Self.once(Self.fixture + "/naker-exporter.yml", at: date)
            let other = try Self.once(config, at: date)
            #expect(canonical.status == 0 && other.status == 0, "\(canonical.stderr)\(other.stderr)")
            #expect(!other.stderr.contains("source load failed"), "\(other.stderr)")
            #expect(other.stdout == canonical.stdout, "\(kind) at \(date)")
            // The fixture's rows that break a rule are rejected in every form (EXPECTED.md).
            for (source, rejected) in [("sakernas", 14), ("ak1", 15), ("wub", 8), ("pelatihan", 8)] {
                #expect(
                    ExporterProcess.sample(
                        "naker_source_rejected_rows{source=\"\(source)\"}", in: other.stdout)
                        == "\(rejected)", "\(kind): \(source)")
            }
        }
    }

    @Test func workbookRejectionsAreNamedFileSheetAndRow() throws {
        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        let config = try Self.variant("xlsxwriter", in: sandbox)
        let output = try Self.once(config, at: "2024-12-31")
        let workbook = sandbox.path("xlsxwriter/registries.xlsx")
        // job_seekers.csv line 5 has no id; on the sheet the header is row 3, so it is row 7.
        let line = try #require(
            output.stderr.split(separator: "\n").first {
                $0.contains("msg=\"source row rejected\"") && $0.contains("at=\(workbook)!AK1:7 ")
            }, "\(output.stderr)")
        #expect(line.contains("required column 'id' is empty"))
    }

    @Test func checkConfigNamesASheetTheWorkbookDoesNotHave() throws {
        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        let config = try Self.variant("xlsxwriter", in: sandbox)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "sheet: \"WUB\"", with: "sheet: \"wub\"")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let output = try ExporterProcess.exporter(["check-config", "--config.file=\(config)"])
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("sources[2].xlsx.sheet: ")
                && output.stderr.contains(
                    "has no sheet \"wub\"; its sheets are \"Angkatan Kerja\", \"AK1\", \"WUB\", \"Pelatihan\""
                ),
            "\(output.stderr)")
    }
}

import Foundation
import Testing

/// Workbooks built to hurt a reader (Tests/Fixtures/xlsx/workbooks.py --hostile) in front of the
/// running daemon: each is refused with its reason, the others keep loading, and the daemon's
/// peak memory (VmHWM) stays bounded.
@Suite struct HostileWorkbookTests {
    static let hostile = [
        ("bomb", "bomb-strings.xlsx", "would inflate to more than 256 MiB"),
        ("wide_header", "wide-header.xlsx", "beyond column XFD"),
        ("long_string", "long-string.xlsx", "longer than 1 MiB"),
        ("doctype", "doctype.xlsx", "it has a DOCTYPE"),
    ]

    @Test func eachIsRefusedWithAReasonAndMemoryStaysBounded() throws {
        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        let written = try ExporterProcess.run(
            "/usr/bin/env",
            [
                "python3", ExporterProcess.path("Tests/Fixtures/xlsx/workbooks.py"), sandbox.path("wb"),
                "--hostile",
            ])
        try #require(written.status == 0, "\(written.stderr)")
        var config = """
            global: { region: Tabalong, timezone: Asia/Makassar, recalc_interval: 1h }
            sources:
              - name: wide_row
                dataset: entrepreneurs
                xlsx: { path: wb/wide-row.xlsx }

            """
        for (name, file, _) in Self.hostile {
            config += """
                  - name: \(name)
                    dataset: entrepreneurs
                    xlsx: { path: wb/\(file) }

                """
        }
        try sandbox.write(config, to: "naker-exporter.yml")
        // Not ready, by design: four of its sources never load.
        let server = try ServerProcess(sandbox, ready: false)
        defer { server.stop() }
        let loaded = eventually(timeout: .seconds(120)) {
            (try? server.sample("naker_source_up{source=\"wide_row\"}")) == "1"
        }
        #expect(loaded, "\(server.stderr)")
        // A million cells right of the header are dropped; the row itself counts.
        #expect(try server.sample("naker_source_rows{source=\"wide_row\"}") == "1")
        for (name, _, reason) in Self.hostile {
            #expect(try server.sample("naker_source_up{source=\"\(name)\"}") == "0", "\(name)")
            let logged = server.stderr.split(separator: "\n").contains {
                $0.contains("source=\(name)") && $0.contains(reason)
            }
            #expect(logged, "\(name): \(server.stderr)")
        }
        let status = try String(contentsOfFile: "/proc/\(server.pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        let kibibytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        // 300 MiB of shared strings, a 100 MiB string and a million-cell header arrived; what
        // stayed is the daemon's own size plus one row and the 1 MiB token limit.
        print("hostile workbooks: VmHWM \(kibibytes) kB")
        #expect(kibibytes < 160 * 1024, "VmHWM \(kibibytes) kB")
        #expect((try server.get("/-/healthy")).status == 200)
    }
}

import Foundation
import Testing

/// The reference a user needs lives in `docs/`: nothing points outside the repository, and every
/// metric family the exporter serves is documented.
struct ReferenceDocsTests {
    static let pages = [
        "README.md", "configuration.md", "metrics.md", "formulas.md", "notifications.md", "http.md",
        "operations.md", "decisions.md",
    ]

    /// Every text file under the given repository paths.
    static func files(under roots: [String]) -> [String] {
        var found: [String] = []
        for root in roots {
            let path = ExporterProcess.path(root)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                found.append(path)
                continue
            }
            let names = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            let textual = [".swift", ".md", ".yml", ".py", ".mustache", ".h", ".modulemap", ".service"]
            found += names.filter { name in textual.contains { name.hasSuffix($0) } }.map { path + "/" + $0 }
        }
        return found
    }

    @Test func nothingPointsOutsideTheRepository() throws {
        let pattern = try Regex(#"shared/SPEC|\.\./shared|[Ii]ssue [0-9]|\bSPEC\b"#)
        var offending: [String] = []
        for file in Self.files(under: ["README.md", "docs", "Sources", "Config", "systemd", "Makefile"]) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(pattern) {
                offending.append("\(file):\(number + 1): \(line)")
            }
        }
        #expect(offending.isEmpty, "\(offending.joined(separator: "\n"))")
    }

    @Test func everyPageIsThere() {
        for page in Self.pages {
            #expect(
                FileManager.default.fileExists(atPath: ExporterProcess.path("docs/" + page)), "docs/\(page)")
        }
    }

    @Test func everyServedFamilyIsDocumented() throws {
        let metrics = try String(contentsOfFile: ExporterProcess.path("docs/metrics.md"), encoding: .utf8)
        let output = try ExporterProcess.exporter([
            "once", "--config.file=\(OnceCommandTests.config)", "--at=2026-11-30",
        ])
        let families = output.stdout.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map {
            String($0.split(separator: " ")[2])
        }
        #expect(families.count > 20)
        // The daemon's own families, which `once` does not print.
        let daemonOnly = [
            "naker_source_last_success_timestamp_seconds", "naker_recalc_duration_seconds",
            "naker_recalcs_total",
            "naker_recalc_failures_total", "naker_last_recalc_success_timestamp_seconds",
            "naker_config_last_reload_successful", "naker_config_last_reload_success_timestamp_seconds",
            "naker_alerts", "naker_notifications_total", "naker_notifications_failed_total",
            "naker_notification_queue_length", "naker_notification_latency_seconds", "naker_build_info",
        ]
        for family in families + daemonOnly {
            #expect(metrics.contains("`\(family)`"), "docs/metrics.md does not document \(family)")
        }
    }
}

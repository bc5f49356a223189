import Foundation
import NakerCore
import Testing

/// The text format as Prometheus itself reads it: promtool parses with Go's expfmt and then lints.
struct PromtoolTests {
    static let promtool = "/usr/bin/promtool"

    @Test func textOfEveryTypePassesCheckMetricsWithoutWarnings() throws {
        // Not skipped when missing: the check is the point, so a missing tool is a failure to fix.
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.promtool),
            "promtool not found at \(Self.promtool); install the Debian package 'prometheus'"
        )
        let body = ExpositionRenderer.render(ExpositionFixtures.families, format: .text)
        let result = try Subprocess.run(Self.promtool, ["check", "metrics"], input: body)
        #expect(result.status == 0, "promtool exit status")
        #expect(result.stdout.isEmpty, "promtool stdout:\n\(result.stdout)")
        #expect(result.stderr.isEmpty, "promtool stderr:\n\(result.stderr)")
    }

    @Test func promtoolRejectsBrokenInput() throws {
        // Guards the test above against a checker that accepts anything.
        try #require(FileManager.default.isExecutableFile(atPath: Self.promtool), "promtool missing")
        let result = try Subprocess.run(Self.promtool, ["check", "metrics"], input: "naker_x{a=\"b} 1\n")
        #expect(result.status != 0)
    }
}

import Foundation
import Testing

@testable import NakerDaemon

@Suite struct StartupPagesTests {
    private func residentFileKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssFile:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    /// The test process maps the Swift runtime, Foundation and this test binary: asking for
    /// their pages back shrinks its file-backed resident memory, and the process goes on
    /// working (the pages come back when touched).
    @Test func fileBackedPagesAreHandedBackAndComeBackWhenUsed() throws {
        let before = try residentFileKiB()
        let released = StartupPages.release()
        let after = try residentFileKiB()
        // Every library has read-only mappings (code, constants); the process maps dozens.
        #expect(released.mappings > 40)
        #expect(released.bytes > before * 1024)
        #expect(after < before)
        // Code and read-only data that were paged out still work.
        let text = try JSONEncoder().encode(["capaian": 0.75])
        #expect(String(decoding: text, as: UTF8.self) == #"{"capaian":0.75}"#)
    }
}

import Foundation
import Testing

@testable import NakerDaemon

struct GzipTests {
    /// Decompresses with the system's gzip(1), which rejects a bad CRC or length.
    func gunzip(_ bytes: [UInt8]) throws -> (status: Int32, output: Data) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("naker-gzip-\(UUID()).gz")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func prefixAndTailMakeOneValidMember() throws {
        let domain = Array(String(repeating: "naker_target_value{target=\"wub\"} 21816\n", count: 2000).utf8)
        let live = Array("process_open_fds 20\n# EOF\n".utf8)
        let member = Gzip.member(prefix: Gzip.Prefix(domain), tail: live)
        #expect(member.count < domain.count / 10)
        let result = try gunzip(member)
        #expect(result.status == 0)
        #expect(Array(result.output) == domain + live)
        #expect(member.prefix(2) == [0x1f, 0x8b])
    }

    @Test func emptyPartsAreFine() throws {
        #expect(try gunzip(Gzip.member(prefix: .empty, tail: [])).output.isEmpty)
        #expect(
            try gunzip(Gzip.member(prefix: Gzip.Prefix(Array("a\n".utf8)), tail: [])).output
                == Data("a\n".utf8))
    }

    @Test func aCorruptedTrailerIsDetected() throws {
        var member = Gzip.member(prefix: Gzip.Prefix(Array("hel".utf8)), tail: Array("lo\n".utf8))
        member[member.count - 5] ^= 0xff
        #expect(try gunzip(member).status != 0, "the CRC must cover the whole body")
    }
}

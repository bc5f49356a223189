import Foundation
import Testing

@testable import NakerSources

@Suite struct FieldTextTests {
    @Test func countsWithAndWithoutAThousandsSeparator() {
        #expect(FieldText.count("139540") == 139_540)
        #expect(FieldText.count("139.540") == nil, "no separator configured: a dot is not a digit")
        let dot = UInt8(ascii: ".")
        for (text, value) in [
            "139.540": 139_540, "1.250.000": 1_250_000, "139540": 139_540, "0": 0, "999": 999,
        ] {
            #expect(FieldText.count(text, thousandsSeparator: dot) == value, "\(text)")
        }
        // A decimal, groups of the wrong length, separators at the ends or doubled, the other one.
        for text in [
            "4.46", "13.9540", "1.25.000", "1234.567", ".540", "139.", "1..000", "139,540", "", "-1.000",
        ] {
            #expect(FieldText.count(text, thousandsSeparator: dot) == nil, "\(text) must be refused")
        }
        #expect(FieldText.count("139,540", thousandsSeparator: UInt8(ascii: ",")) == 139_540)
        #expect(FieldText.count("9.223.372.036.854.775.808", thousandsSeparator: dot) == nil, "overflow")
    }

    /// Every byte from 0x80 up against Python's cp1252 codec, an implementation that is not ours.
    /// Python leaves the five bytes the code page does not define undecodable; the WHATWG
    /// mapping (what browsers use) gives them the C1 control of the same number.
    @Test func windows1252MatchesPythonsCodecAndWhatwgForUndefinedBytes() throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "print(' '.join('%04X' % ord(c) for c in bytes(range(128, 256)).decode('cp1252', errors='replace')))",
        ]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let expected = String(decoding: output, as: UTF8.self).split(separator: " ").map {
            UInt32($0.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16)!
        }
        #expect(expected.count == 128)
        let bytes = [UInt8](128...255)
        let decoded = bytes.withUnsafeBytes { Windows1252.decode($0) }.unicodeScalars.map(\.value)
        #expect(decoded.count == 128)
        let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        for (index, byte) in bytes.enumerated() {
            let want = undefined.contains(byte) ? UInt32(byte) : expected[index]
            #expect(decoded[index] == want, "byte \(String(byte, radix: 16))")
        }
        #expect(expected.filter { $0 == 0xFFFD }.count == undefined.count)
    }

    @Test func fieldsAreReadableInTheirEncoding() {
        let latin1: [UInt8] = Array("Jos".utf8) + [0xE9]
        latin1.withUnsafeBytes { field in
            #expect(!FieldBytes.isReadable(field, .utf8))
            #expect(FieldBytes.isReadable(field, .windows1252))
            #expect(FieldBytes.text(field, .windows1252) == "José")
        }
        Array("Tañjung".utf8).withUnsafeBytes { #expect(FieldBytes.isReadable($0, .utf8)) }
    }
}

import Foundation
import Testing

@testable import NakerCore

struct FingerprintTests {
    /// A deliberately plain FNV-1a 64, written out from the algorithm's definition, to check against.
    static func referenceFingerprint(_ labels: [String: String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var bytes: [UInt8] = []
        for name in labels.keys.sorted() {
            bytes += Array(name.utf8) + [255] + Array(labels[name]!.utf8) + [255]
        }
        for byte in bytes {
            hash = (hash ^ UInt64(byte)).multipliedReportingOverflow(by: 0x100_0000_01b3).partialValue
        }
        return hash
    }

    @Test func matchesPrometheusPublishedValues() {
        // prometheus/common model/signature_test.go: TestLabelsToSignature and the benchmarks.
        #expect(Fingerprint(labels: [:]).value == 14_695_981_039_346_656_037)
        let pair = Fingerprint(labels: ["name": "garland, briggs", "fear": "love is not enough"])
        #expect(pair.value == 5_799_056_148_416_392_346)
        #expect(pair.description == "507a62d79ee76c9a")
        #expect(Fingerprint(labels: ["first-label": "first-label-value"]).value == 5_146_282_821_936_882_169)
        #expect(
            Fingerprint(labels: ["first-label": "first-label-value", "second-label": "second-label-value"])
                .value
                == 3_195_800_080_984_914_717)
    }

    @Test func matchesTheReferenceImplementation() {
        let sets: [[String: String]] = [
            ["alertname": "WUBBehindPlan", "severity": "warning", "target": "wub_2019_2024"],
            ["alertname": "SourceStale", "source": "ak1"],
            ["a": "", "b": "Murung Pudak", "c": "4,46 %"],
        ]
        for labels in sets {
            #expect(Fingerprint(labels: labels).value == Self.referenceFingerprint(labels))
        }
        #expect(
            Fingerprint(labels: [
                "alertname": "WUBBehindPlan", "severity": "warning", "target": "wub_2019_2024",
            ])
            .description == "c291caa01d7c11fd")
    }

    @Test func theSeparatorKeepsNamesAndValuesApart() {
        #expect(Fingerprint(labels: ["a": "bc"]) != Fingerprint(labels: ["ab": "c"]))
    }

    @Test func hexIsPaddedAndRoundTrips() throws {
        let small = Fingerprint(value: 0xab)
        #expect(small.description == "00000000000000ab")
        #expect(Fingerprint(hex: "00000000000000ab") == small)
        #expect(Fingerprint(hex: "ab") == nil)
        #expect(Fingerprint(hex: "zzzzzzzzzzzzzzzz") == nil)
        let encoded = try JSONEncoder().encode([small: 1])
        #expect(String(decoding: encoded, as: UTF8.self) == "{\"00000000000000ab\":1}")
        #expect(try JSONDecoder().decode([Fingerprint: Int].self, from: encoded) == [small: 1])
    }
}

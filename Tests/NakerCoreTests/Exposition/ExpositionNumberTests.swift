import Testing

@testable import NakerCore

struct ExpositionNumberTests {
    @Test(
        arguments: [
            (21816, "21816"), (0, "0"), (-0.0, "0"), (-3, "-3"), (1, "1"),
            (9_007_199_254_740_991, "9007199254740991"), (-9_007_199_254_740_991, "-9007199254740991"),
            (9_007_199_254_740_992, "9007199254740992.0"), (1e16, "1e+16"),
            (2.1816, "2.1816"), (0.04460441450480149, "0.04460441450480149"), (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"), (1e-05, "1e-05"), (1.5e20, "1.5e+20"),
            (.leastNonzeroMagnitude, "5e-324"),
            (.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
        ] as [(Double, String)])
    func sampleValue(value: Double, expected: String) {
        var output: [UInt8] = []
        ExpositionNumber.append(value, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test func sampleValueAppendsAfterExistingBytes() {
        var output = Array("x ".utf8)
        ExpositionNumber.append(120, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "x 120")
    }

    /// The OpenMetrics "Canonical Numbers" examples, plus the edges of Go's fixed/exponent switch.
    @Test(
        arguments: [
            (0.0, "0.0"), (-0.0, "0.0"), (0.001, "0.001"), (0.002, "0.002"), (0.01, "0.01"), (0.1, "0.1"),
            (0.9, "0.9"), (0.95, "0.95"), (0.99, "0.99"), (0.999, "0.999"), (1.0, "1.0"), (1.7, "1.7"),
            (10.0, "10.0"), (1e-10, "1e-10"), (1e-09, "1e-09"), (1e-05, "1e-05"), (0.0001, "0.0001"),
            (100_000.0, "100000.0"), (1e+06, "1e+06"), (1e+10, "1e+10"), (0.005, "0.005"), (2.5, "2.5"),
            (123_456, "123456.0"), (123_456.5, "123456.5"), (1_234_567, "1.234567e+06"), (-1, "-1.0"),
            (0.000_123_4, "0.0001234"), (0.000_012_34, "1.234e-05"), (1.5e300, "1.5e+300"),
            (.leastNonzeroMagnitude, "5e-324"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
        ] as [(Double, String)])
    func canonicalLabelValue(value: Double, expected: String) {
        #expect(ExpositionNumber.canonical(value) == expected)
    }
}

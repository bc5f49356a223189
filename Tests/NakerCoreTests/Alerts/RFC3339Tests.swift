import Testing

@testable import NakerCore

struct RFC3339Tests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(RFC3339.milliseconds(0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.milliseconds(1_672_502_400) == "2022-12-31T16:00:00.000Z")
        #expect(RFC3339.milliseconds(1_672_502_400.1239) == "2022-12-31T16:00:00.123Z")
        #expect(RFC3339.milliseconds(1_709_164_799.5) == "2024-02-28T23:59:59.500Z")
        #expect(RFC3339.milliseconds(1_709_251_199) == "2024-02-29T23:59:59.000Z")
        #expect(RFC3339.milliseconds(-0.001) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.zeroTime == "0001-01-01T00:00:00Z")
    }

    /// Found by the template fuzzer: a time of ±1.8e308 trapped converting to whole milliseconds.
    @Test(arguments: [
        (Double.greatestFiniteMagnitude, "9999-12-31T23:59:59.000Z"),
        (-Double.greatestFiniteMagnitude, "0001-01-01T00:00:00.000Z"),
        (Double(Int64.min), "0001-01-01T00:00:00.000Z"), (.infinity, "9999-12-31T23:59:59.000Z"),
        (.nan, "1970-01-01T00:00:00.000Z"),
    ])
    func anyTimeFormatsWithinYearsOneToNineThousand(unixTime: Double, expected: String) {
        #expect(RFC3339.milliseconds(unixTime) == expected)
    }
}

import Testing

@testable import NakerConfig

struct DurationTextTests {
    @Test(arguments: [
        ("90s", Int64(90_000)), ("5m", 300_000), ("1h", 3_600_000), ("730d", 63_072_000_000),
        ("1h30m", 5_400_000),
        ("250ms", 250), ("2w", 1_209_600_000), ("0s", 0), ("0", 0),
    ])
    func parses(text: String, milliseconds: Int64) {
        #expect(DurationText.milliseconds(text) == milliseconds)
    }

    @Test(arguments: [
        "", "5", "m", "5 m", "-5m", "1.5h", "5min", "99999999999999999999d",
        "5000000000000000000ms5000000000000000000ms", "106751991167d106751991167d",
    ])
    func rejects(text: String) {
        #expect(DurationText.milliseconds(text) == nil)
    }
}

import Testing

@testable import NakerCore

struct IndonesianNumberTests {
    @Test(arguments: [
        (21_816.0, 0, "21.816"), (10_000, 0, "10.000"), (999, 0, "999"), (1_234_567.891, 2, "1.234.567,89"),
        (0, 0, "0"), (-2150, 0, "-2.150"), (4.46, 2, "4,46"), (78.5, 1, "78,5"), (0.05, 2, "0,05"),
        (-0.001, 1, "0,0"),
    ])
    func formats(value: Double, decimals: Int, expected: String) {
        #expect(IndonesianNumber.format(value, decimals: decimals) == expected)
    }

    @Test func percentOfARatio() {
        #expect(IndonesianNumber.percent(0.0446) == "4,46 %")
        #expect(IndonesianNumber.percent(0.785, decimals: 1) == "78,5 %")
        #expect(IndonesianNumber.percent(2.1816, decimals: 1) == "218,2 %")
    }

    /// Values a config or a data file can produce must never trap (a goal of 1e19, a TPT goal of 1e-20).
    @Test(arguments: [
        (1e19, 0, "10.000.000.000.000.000.000"), (1e19, 2, "10.000.000.000.000.000.000,00"),
        (-9.3e18, 0, "-9.300.000.000.000.000.000"), (9_007_199_254_740_991, 0, "9.007.199.254.740.991"),
        (1e-20, 2, "0,00"), (0.5, 0, "1"), (2.5, 0, "3"), (123.456, 40, "123,456000000000000"),
        (1, -3, "1"),
    ])
    func extremeValuesFormatWithoutTrapping(value: Double, decimals: Int, expected: String) {
        #expect(IndonesianNumber.format(value, decimals: decimals) == expected)
    }

    @Test func everyKindOfDoubleFormats() {
        for value in [
            Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, .leastNonzeroMagnitude, .nan,
            .infinity,
            -.infinity, -0.0, Double(Int64.max), Double(Int64.min),
        ] {
            for decimals in [0, 2, 15, 100] {
                #expect(!IndonesianNumber.format(value, decimals: decimals).isEmpty)
                #expect(!IndonesianNumber.percent(value, decimals: decimals).isEmpty)
            }
        }
        #expect(IndonesianNumber.format(.greatestFiniteMagnitude).count == 309 + 102, "309 digits, 102 dots")
        #expect(IndonesianNumber.percent(1e-20) == "0,00 %")
        #expect(IndonesianNumber.percent(.greatestFiniteMagnitude) == "∞ %")
    }
}

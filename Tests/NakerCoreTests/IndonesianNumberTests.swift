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
}

import FuzzSupport
import NakerConfig
import NakerCore

/// Durations and Indonesian number formatting.
///
/// First byte even: the rest is duration text (`DurationText`), cut in two by the second byte to
/// check that parts add up. Odd: up to 16 (Double, decimals, unit) triples, each formatted with
/// `IndonesianNumber.format` and `.percent` (decimals −1 to 6) and written as
/// a duration `<digits><unit>`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumbers(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    if input.byte() & 1 == 0 {
        let cut = Int(input.byte())
        let text = input.restString()
        let split = text.index(text.startIndex, offsetBy: min(cut, text.count))
        checkDurations(String(text[..<split]), String(text[split...]))
        return 0
    }
    // A few values per input keep runs short, so libFuzzer tries more inputs.
    for _ in 0..<16 where !input.isAtEnd {
        let value = input.double()
        let options = input.byte()
        // The callers use 0, 1 and 2; a negative count means none.
        let decimals = Int(options % 8) - 1
        checkFormat(value, decimals: decimals)
        checkPercent(value, decimals: decimals)
        let unit = units[Int(options / 8) % units.count]
        checkDurations("\(value.bitPattern >> (options % 64))\(unit)", "\(Int64(options))ms")
    }
    return 0
}

private let units = ["ms", "s", "m", "h", "d", "w", "y", "", "x", "mss"]

/// `a`, `b` and `a + b` parse to non-negative totals, and whole parts add up (`1h` + `30m`).
private func checkDurations(_ a: String, _ b: String) {
    let x = DurationText.milliseconds(a)
    let y = DurationText.milliseconds(b)
    let joined = DurationText.milliseconds(a + b)
    for total in [x, y, joined] {
        fuzzCheck(
            (total ?? 0) >= 0,
            "negative duration \(total ?? 0) from \(a.debugDescription)+\(b.debugDescription)")
    }
    if let duration = DurationText.duration(a) {
        fuzzCheck(
            duration.seconds >= 0 && duration.seconds.isFinite, "\(a.debugDescription) gave \(duration)")
    }
    // "0" alone is a duration, but not as a part ("1h0").
    guard let x, let y, a != "0", b != "0" else { return }
    let (sum, overflow) = x.addingReportingOverflow(y)
    let expected = overflow ? nil : sum
    fuzzCheck(
        joined == expected,
        "\(a.debugDescription) is \(x) ms, \(b.debugDescription) is \(y) ms, together \(String(describing: joined))"
    )
}

/// NaN and infinities have their signs; every other value gives `-?d{1,3}(.ddd)*(,d{decimals})?`,
/// with exactly the digits of the rounded value while that is below 2^53 (where Doubles hold whole
/// numbers exactly), and close to the value above.
private func checkFormat(_ value: Double, decimals: Int) {
    let text = IndonesianNumber.format(value, decimals: decimals)
    if value.isNaN {
        fuzzCheck(text == "–", "NaN gave \(text.debugDescription)")
        return
    }
    if value.isInfinite {
        fuzzCheck(text == (value > 0 ? "∞" : "−∞"), "\(value) gave \(text.debugDescription)")
        return
    }
    let decimals = max(0, decimals)
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (value.magnitude * scale).rounded()
    let described =
        "\(value) (bits \(value.bitPattern)) with \(decimals) decimals gave \(text.debugDescription)"
    fuzzCheck(isWellFormed(text, decimals: decimals, negative: value < 0 && scaled != 0), described)
    if scaled < 9_007_199_254_740_992 {
        fuzzCheck(Double(String(text.filter(\.isASCIIDigit))) == scaled, described)
    } else {
        let number = text.filter { $0.isASCIIDigit || $0 == "," }.replacingComma()
        let parsed = Double(number) ?? .nan
        fuzzCheck((parsed - value.magnitude).magnitude <= max(0.5, value.magnitude * 1e-15), described)
    }
}

private func checkPercent(_ ratio: Double, decimals: Int) {
    let text = IndonesianNumber.percent(ratio, decimals: decimals)
    fuzzCheck(text.hasSuffix(" %"), "percent of \(ratio) gave \(text.debugDescription)")
}

/// Thousands grouped by `.` in threes (no leading zero unless the whole part is 0), then `,` and
/// exactly `decimals` digits.
private func isWellFormed(_ text: String, decimals: Int, negative: Bool) -> Bool {
    var rest = Substring(text)
    if negative {
        guard rest.first == "-" else { return false }
        rest = rest.dropFirst()
    }
    var fraction: Substring?
    if decimals > 0 {
        let parts = rest.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        rest = parts[0]
        fraction = parts[1]
    }
    if let fraction, fraction.count != decimals || !fraction.allSatisfy(\.isASCIIDigit) { return false }
    let groups = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard let first = groups.first, (1...3).contains(first.count), first.allSatisfy(\.isASCIIDigit),
        first == "0" ? groups.count == 1 : first.first != "0"
    else { return false }
    return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func replacingComma() -> String {
        String(map { $0 == "," ? "." : $0 })
    }
}

import Foundation

/// Numbers as Indonesian readers write them: `.` groups thousands, `,` marks decimals
/// (21.816; 4,46 %). Total: any Double formats, none traps.
public enum IndonesianNumber {
    /// Decimals beyond this say nothing a Double holds.
    static let maximumDecimals = 15
    /// 2^53: below it every whole Double is exact, also as an Int64.
    static let exactIntegerLimit = 9_007_199_254_740_992.0

    public static func format(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        let decimals = min(max(0, decimals), maximumDecimals)
        // As many of the decimals as a Double holds at this size; the rest are zeros.
        var shown = decimals
        while shown > 0, value.magnitude * power(shown) >= exactIntegerLimit { shown -= 1 }
        let scale = Int64(power(shown))
        let scaled = (value.magnitude * power(shown)).rounded()
        let whole: String
        var fraction = ""
        if scaled < exactIntegerLimit {
            let units = Int64(scaled)
            whole = String(units / scale)
            if shown > 0 {
                let digits = String(units % scale)
                fraction = String(repeating: "0", count: shown - digits.count) + digits
            }
        } else {
            // So large that no fraction is left: the integer's own digits.
            whole = String(format: "%.0f", value.magnitude.rounded())
        }
        fraction += String(repeating: "0", count: decimals - shown)
        var digits = Substring(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "." + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 { grouped += "," + fraction }
        return (value < 0 && scaled != 0 ? "-" : "") + grouped
    }

    private static func power(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// A 0–1 ratio as percent: `0.0446` → `4,46 %`.
    public static func percent(_ ratio: Double, decimals: Int = 2) -> String {
        format(ratio * 100, decimals: decimals) + " %"
    }
}

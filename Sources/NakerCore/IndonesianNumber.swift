/// Numbers as Indonesian readers write them: `.` groups thousands, `,` marks decimals
/// (21.816; 4,46 %).
public enum IndonesianNumber {
    public static func format(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale)
        let fraction = Int64(scaled - Double(whole) * scale)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "." + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            let fractionDigits = String(fraction)
            grouped += "," + String(repeating: "0", count: decimals - fractionDigits.count) + fractionDigits
        }
        return (value < 0 && scaled != 0 ? "-" : "") + grouped
    }

    /// A 0–1 ratio as percent: `0.0446` → `4,46 %`.
    public static func percent(_ ratio: Double, decimals: Int = 2) -> String {
        format(ratio * 100, decimals: decimals) + " %"
    }
}

/// Timestamps as Alertmanager's webhook writes them, computed from Unix seconds without a formatter.
public enum RFC3339 {
    /// Go's zero `time.Time`, which Alertmanager sends as `endsAt` while an alert fires.
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// Unix time brought into years 0001–9999, the dates these texts can show (NaN as 1970), so
    /// no time, however wrong, makes the conversion to whole numbers trap.
    public static func clamped(_ unixTime: Double) -> Double {
        guard !unixTime.isNaN else { return 0 }
        return min(max(unixTime, -62_135_596_800), 253_402_300_799)
    }

    /// UTC with milliseconds: `2022-12-31T16:00:00.000Z`.
    public static func milliseconds(_ unixTime: Double) -> String {
        let totalMilliseconds = Int64((clamped(unixTime) * 1000).rounded(.down))
        let (days, dayMilliseconds) = floorDivision(totalMilliseconds, 86_400_000)
        let date = LocalDate(dayNumber: Int32(days)).components
        let seconds = dayMilliseconds / 1000
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T"
            + pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":"
            + pad(Int(seconds % 60), 2) + "." + pad(Int(dayMilliseconds % 1000), 3) + "Z"
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Durations as Prometheus writes them: `90s`, `5m`, `1h30m`, `730d`, `2w`, `250ms`.
public enum DurationText {
    static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
        ("w", 604_800_000), ("y", 31_536_000_000),
    ]

    /// Nil unless the whole text is `0` or one or more `<digits><unit>` parts, and fits in 64 bits.
    public static func milliseconds(_ text: String) -> Int64? {
        if text == "0" { return 0 }
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let number = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // "ms" must be tried before "m".
            guard
                let unit = units.sorted(by: { $0.suffix.count > $1.suffix.count })
                    .first(where: { rest.hasPrefix($0.suffix) })
            else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            let (product, overflow) = number.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else { return nil }
            total = sum
        }
        return total
    }

    public static func duration(_ text: String) -> Duration? {
        milliseconds(text).map { .milliseconds($0) }
    }
}

/// Small parsers for trimmed field text.
enum FieldText {
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    /// Drops surrounding spaces and tabs; returns `text` itself when there are none.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == space || utf8[start] == tab {
            start = utf8.index(after: start)
        }
        while end > start {
            let last = utf8.index(before: end)
            guard utf8[last] == space || utf8[last] == tab else { break }
            end = last
        }
        if start == utf8.startIndex && end == utf8.endIndex { return text }
        return String(text[start..<end])
    }

    /// A non-negative decimal integer: digits only, nil on anything else or on overflow.
    static func count(_ text: String) -> Int? {
        guard !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return nil }
            value = sum
        }
        return value
    }
}

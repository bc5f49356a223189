import NakerCore

/// The `Retry-After` response header (RFC 9110 10.2.3): delay seconds or an HTTP-date.
enum RetryAfter {
    /// Seconds to wait from `now` (Unix time), or nil when the header is not understood. A date in
    /// the past gives 0.
    static func seconds(_ header: String, now: Double) -> Double? {
        let text = header.trimmingSpaces()
        if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return Double(text)
        }
        guard let date = httpDate(text) else { return nil }
        return Swift.max(0, date - now)
    }

    private static let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]

    /// Unix time of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), an RFC 850 date
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) or an asctime date (`Sun Nov  6 08:49:37 1994`).
    static func httpDate(_ text: String) -> Double? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: String?
        switch fields.count {
        case 6 where fields[5] == "GMT":
            // IMF-fixdate or RFC 850: weekday day month year time GMT.
            (day, month, year, time) = (Int(fields[1]), monthNumber(fields[2]), Int(fields[3]), fields[4])
            if let short = year, fields[3].count == 2 {
                year = short < 70 ? 2000 + short : 1900 + short
            }
        case 5:
            // asctime: weekday month day time year.
            (month, day, time, year) = (monthNumber(fields[1]), Int(fields[2]), fields[3], Int(fields[4]))
        default:
            return nil
        }
        let clock = (time ?? "").split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard let day, let month, let year, clock.count == 3,
            let hour = clock[0], let minute = clock[1], let second = clock[2],
            (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second),
            let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        return Double(date.dayNumber) * 86_400 + Double(hour * 3600 + minute * 60 + second)
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}

import Foundation

/// A calendar date with no time of day, in the configured time zone (dates in data are local).
///
/// Stored as a day number (days since 1970-01-01) so that day arithmetic is exact and cheap.
public struct LocalDate: Hashable, Comparable, Sendable {
    public let dayNumber: Int32

    public init(dayNumber: Int32) {
        self.dayNumber = dayNumber
    }

    /// Returns nil when the components do not name a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        // Days-from-civil (proleptic Gregorian), after Howard Hinnant's chrono algorithms.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.dayNumber = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// Parses `YYYY-MM-DD`; nothing else is accepted.
    public init?(iso text: some StringProtocol) {
        var copy = String(text)
        guard let date = copy.withUTF8({ LocalDate(isoBytes: UnsafeRawBufferPointer($0)) }) else {
            return nil
        }
        self = date
    }

    /// The same from UTF-8 bytes, for parsers that read fields without making strings.
    public init?(isoBytes bytes: UnsafeRawBufferPointer) {
        self.init(bytes, format: .iso)
    }

    /// Parses `bytes` written in `format`; nil for anything else or a day that does not exist.
    public init?(_ bytes: UnsafeRawBufferPointer, format: DateFormat) {
        let year: Int
        let month: Int
        let day: Int
        switch format {
        case .iso:
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                let y = LocalDate.decimal(bytes, 0..<4), let m = LocalDate.decimal(bytes, 5..<7),
                let d = LocalDate.decimal(bytes, 8..<10)
            else { return nil }
            (year, month, day) = (y, m, d)
        case .dayMonthYearSlash, .dayMonthYearDash:
            let separator = UInt8(ascii: format == .dayMonthYearSlash ? "/" : "-")
            guard bytes.count == 10, bytes[2] == separator, bytes[5] == separator,
                let d = LocalDate.decimal(bytes, 0..<2), let m = LocalDate.decimal(bytes, 3..<5),
                let y = LocalDate.decimal(bytes, 6..<10)
            else { return nil }
            (year, month, day) = (y, m, d)
        case .dayMonthYearUnpadded:
            // D/M/YYYY: one or two digits for day and month, with or without a leading zero.
            guard let first = LocalDate.index(of: UInt8(ascii: "/"), in: bytes, from: 0),
                let second = LocalDate.index(of: UInt8(ascii: "/"), in: bytes, from: first + 1),
                (1...2).contains(first), (1...2).contains(second - first - 1), bytes.count - second - 1 == 4,
                let d = LocalDate.decimal(bytes, 0..<first),
                let m = LocalDate.decimal(bytes, first + 1..<second),
                let y = LocalDate.decimal(bytes, second + 1..<bytes.count)
            else { return nil }
            (year, month, day) = (y, m, d)
        }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    public var year: Int { components.year }

    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + Int32(days))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int {
        Int(other.dayNumber) - Int(dayNumber)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func index(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// Digits only, in `range` of `bytes`.
    static func decimal(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}

/// How dates are written in a source's date columns (`date_format:`). Only all-digit forms with
/// a four-digit year: a two-digit year or a month name is refused rather than guessed.
public enum DateFormat: String, CaseIterable, Hashable, Sendable {
    /// `2022-01-04`, the default and the only form in canonical files.
    case iso = "YYYY-MM-DD"
    /// `04/01/2022`, Excel's short date in the Indonesian locale.
    case dayMonthYearSlash = "DD/MM/YYYY"
    /// `04-01-2022`.
    case dayMonthYearDash = "DD-MM-YYYY"
    /// `4/1/2022` (a leading zero is also accepted: `04/01/2022`).
    case dayMonthYearUnpadded = "D/M/YYYY"

    public static var allNames: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
}

extension DateFormat {
    /// Appends `date` written in this form, as ASCII: what a spreadsheet cell holding the date
    /// would show once exported in this form, so that the one date parser reads it back.
    public func append(_ date: LocalDate, to bytes: inout [UInt8]) {
        let (year, month, day) = date.components
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            if self == .dayMonthYearUnpadded && width == 2 && value < 10 { divisor = 1 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        switch self {
        case .iso:
            digits(year, 4)
            bytes.append(UInt8(ascii: "-"))
            digits(month, 2)
            bytes.append(UInt8(ascii: "-"))
            digits(day, 2)
        case .dayMonthYearSlash, .dayMonthYearDash, .dayMonthYearUnpadded:
            let separator = self == .dayMonthYearDash ? UInt8(ascii: "-") : UInt8(ascii: "/")
            digits(day, 2)
            bytes.append(separator)
            digits(month, 2)
            bytes.append(separator)
            digits(year, 4)
        }
    }
}

extension LocalDate: CustomStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return "\(LocalDate.padded(year, 4))-\(LocalDate.padded(month, 2))-\(LocalDate.padded(day, 2))"
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension LocalDate {
    /// Unix time of the first moment of this date in `zone` (the zone is a value here; nothing is read).
    ///
    /// That is local midnight, except where a daylight-saving change skips midnight (the day then starts
    /// at the change, e.g. 01:00) or repeats it (the earlier one counts).
    public func midnightUnixTime(in zone: TimeZone) -> Double {
        let localMidnight = Int(dayNumber) * 86_400
        func offset(_ unixTime: Int) -> Int {
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(unixTime)))
        }
        func localTime(_ unixTime: Int) -> Int { unixTime + offset(unixTime) }
        // Any change around this midnight lies between the offsets a day before and a day after.
        let before = offset(localMidnight - 86_400)
        let after = offset(localMidnight + 86_400)
        let exact = [before, after].map { localMidnight - $0 }.filter { localTime($0) == localMidnight }
        if let earliest = exact.min() { return Double(earliest) }
        // Midnight was skipped: local time runs forward across the gap, so search for the first second
        // at or past midnight.
        var low = localMidnight - max(before, after)
        var high = localMidnight - min(before, after)
        while low < high {
            let middle = low + (high - low) / 2
            if localTime(middle) >= localMidnight { high = middle } else { low = middle + 1 }
        }
        return Double(low)
    }
}

extension LocalDate {
    /// The calendar date in `zone` at a Unix time.
    public static func on(unixTime: Double, in zone: TimeZone) -> LocalDate {
        let local = unixTime + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: unixTime)))
        return LocalDate(dayNumber: Int32((local / 86_400).rounded(.down)))
    }
}

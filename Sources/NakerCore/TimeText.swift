import Foundation

/// Unix times as people and machines read them: the one place a time of day is written.
public enum TimeText {
    /// `2024-05-01T08:00:00Z`.
    public static func rfc3339(_ unixTime: Double) -> String {
        let (date, hour, minute, second) = split(unixTime)
        return "\(date)T\(two(hour)):\(two(minute)):\(two(second))Z"
    }

    /// `01-05-2024 16.00` in `zone` (Indonesian style: day first, a dot between hours and minutes).
    public static func local(_ unixTime: Double, in zone: TimeZone) -> String {
        let (date, hour, minute, _) = split(unixTime + offset(unixTime, zone))
        return "\(day(date)) \(two(hour)).\(two(minute))"
    }

    /// `01-05-2024`: a date the Indonesian way, day first.
    public static func day(_ date: LocalDate) -> String {
        let (year, month, day) = date.components
        return "\(two(day))-\(two(month))-\(year)"
    }

    /// `2024-05-01T16:00:00+08:00`: RFC 3339 in `zone`, for documents read by other programs.
    public static func rfc3339(_ unixTime: Double, in zone: TimeZone) -> String {
        let offset = offset(unixTime, zone)
        let (date, hour, minute, second) = split(unixTime + offset)
        let minutes = Int(offset) / 60
        let sign = minutes < 0 ? "-" : "+"
        let zoneText = "\(sign)\(two(abs(minutes) / 60)):\(two(abs(minutes) % 60))"
        return "\(date)T\(two(hour)):\(two(minute)):\(two(second))" + zoneText
    }

    /// `Fri, 04 Dec 2026 22:08:09 GMT`: the HTTP `Date` header's form (RFC 9110, IMF-fixdate).
    public static func http(_ unixTime: Double) -> String {
        let (date, hour, minute, second) = split(unixTime)
        let (year, month, day) = date.components
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int((date.dayNumber % 7 + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return
            "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(hour)):\(two(minute)):\(two(second)) GMT"
    }

    private static func offset(_ unixTime: Double, _ zone: TimeZone) -> Double {
        Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: RFC3339.clamped(unixTime))))
    }

    private static func split(_ unixTime: Double) -> (LocalDate, Int, Int, Int) {
        let seconds = Int(RFC3339.clamped(unixTime).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let within = seconds - days * 86_400
        return (LocalDate(dayNumber: Int32(clamping: days)), within / 3600, within % 3600 / 60, within % 60)
    }

    private static func two(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}

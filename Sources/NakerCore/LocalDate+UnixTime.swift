import Foundation

extension LocalDate {
    /// Unix time of this date's midnight in `zone` (the zone is a value here; nothing is read).
    public func midnightUnixTime(in zone: TimeZone) -> Double {
        let utcMidnight = Double(dayNumber) * 86_400
        // The offset at the local midnight, found from the offset at the UTC one (DST-safe to a step).
        let guess = utcMidnight - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: utcMidnight)))
        return utcMidnight - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
    }
}

extension LocalDate {
    /// The calendar date in `zone` at a Unix time.
    public static func on(unixTime: Double, in zone: TimeZone) -> LocalDate {
        let local = unixTime + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: unixTime)))
        return LocalDate(dayNumber: Int32((local / 86_400).rounded(.down)))
    }
}

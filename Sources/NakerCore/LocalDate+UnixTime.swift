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

import Foundation

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

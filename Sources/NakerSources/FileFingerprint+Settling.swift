#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension FileFingerprint {
    /// Whether a later change is sure to alter this fingerprint.
    ///
    /// File timestamps come from a coarse clock (a few milliseconds on Linux), so a same-size
    /// rewrite right after a `stat` can leave every field equal. A file last changed at least
    /// `settleTime` before `now` is past that window.
    func isSettled(now: Int64, settleTime: Duration) -> Bool {
        let settle = settleTime.components
        let settleNanoseconds = settle.seconds * 1_000_000_000 + settle.attoseconds / 1_000_000_000
        return max(modifiedNanoseconds, changedNanoseconds) <= now - settleNanoseconds
    }

    /// The wall clock in the same unit as file timestamps.
    static func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return nanoseconds(now)
    }
}

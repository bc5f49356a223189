import Foundation

/// The clock the long-running services run on: the wall time they stamp events with and the
/// monotonic time that paces and measures them, in one value so that a test can drive both. The
/// indicator maths never read it; they take the dates their callers read here.
public protocol ServiceClock: Sendable {
    /// Seconds since 1970 (wall time; it jumps when the system clock is set).
    var unixTime: Double { get }
    /// Monotonic time since the clock's origin, for intervals and deadlines.
    var elapsed: Duration { get }
    /// Suspends for `duration` of monotonic time; throws `CancellationError` when cancelled.
    func sleep(for duration: Duration) async throws
}

/// The system's clocks: `gettimeofday` for wall time, `ContinuousClock` for the rest.
public struct SystemClock: ServiceClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var unixTime: Double { Date().timeIntervalSince1970 }

    public var elapsed: Duration { .now - origin }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

extension Duration {
    /// The duration in seconds, as the core's timers count (Unix-second arithmetic).
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

import NakerCore

/// Alerting and delivery counters for `/metrics` and the status page.
public struct NotificationStatus: Hashable, Sendable {
    /// Pending, firing and recently resolved alerts.
    public var alerts: [Alert] = []
    /// Notifications finished per receiver: delivered or given up.
    public var finished: [String: Int] = [:]
    public var failed: [String: Int] = [:]
    public var queueLength: [String: Int] = [:]
    public var latency: [String: LatencyHistogram] = [:]
    /// Receivers whose request cannot be built (a URL or secret file missing), with what to fix.
    public var receiverProblems: [String: String] = [:]

    public init() {}

    /// Records a receiver's problem (nil: none); true when that is a change, so it is logged once.
    mutating func setProblem(_ problem: String?, for receiver: String) -> Bool {
        guard receiverProblems[receiver] != problem else { return false }
        receiverProblems[receiver] = problem
        return true
    }

    mutating func delivered(to receiver: String, latency seconds: Double) {
        finished[receiver, default: 0] += 1
        latency[receiver, default: LatencyHistogram()].observe(seconds)
    }

    mutating func gaveUp(on receiver: String) {
        finished[receiver, default: 0] += 1
        failed[receiver, default: 0] += 1
    }
}

/// Cumulative buckets from a tenth of a second (a healthy gateway) to a day (retries through an outage).
public struct LatencyHistogram: Hashable, Sendable {
    public static let upperBounds: [Double] = [
        0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21_600, 86_400,
    ]
    public private(set) var cumulativeCounts = [UInt64](repeating: 0, count: upperBounds.count)
    public private(set) var sum = 0.0
    public private(set) var count: UInt64 = 0

    public init() {}

    public mutating func observe(_ seconds: Double) {
        for (index, bound) in Self.upperBounds.enumerated() where seconds <= bound {
            cumulativeCounts[index] += 1
        }
        sum += seconds
        count += 1
    }
}

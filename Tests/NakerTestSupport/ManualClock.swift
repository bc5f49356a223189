import NakerCore
import Synchronization

/// A clock that moves only when the test says so. Sleepers wake when `advance` passes their
/// deadline, so a test of a service that waits an hour takes no time, and "nothing happened in
/// the next minute" means exactly that minute of the service's time.
public final class ManualClock: ServiceClock {
    private struct Sleeper {
        var deadline: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var unixTime: Double
        var elapsed: Duration = .zero
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
        /// Cancelled before their continuation was registered.
        var cancelled: Set<Int> = []
    }

    private let state: Mutex<State>

    public init(unixTime: Double = 1_764_633_600) {  // 2025-12-02T00:00:00Z
        state = Mutex(State(unixTime: unixTime))
    }

    public var unixTime: Double { state.withLock { $0.unixTime } }

    public var elapsed: Duration { state.withLock { $0.elapsed } }

    /// How many tasks are asleep on this clock: a service waiting for time, not for work.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    /// Moves both times on and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.elapsed += duration
            state.unixTime += duration.seconds
            let due = state.sleepers.filter { $0.value.deadline <= state.elapsed }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    public func sleep(for duration: Duration) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    let deadline = state.elapsed + duration
                    if deadline <= state.elapsed { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                guard let sleeper = state.sleepers.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return Sleeper?.none
                }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}

/// Set once, read from any thread.
public final class SharedFlag: Sendable {
    private let value = Mutex(false)

    public init() {}

    public var isSet: Bool { value.withLock { $0 } }

    public func set() { value.withLock { $0 = true } }
}

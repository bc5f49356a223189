import NakerConfig
import NakerCore
import NakerSources
import ServiceLifecycle
import UnixSignals

/// The recalculation loop's inbox: ticks, finished loads and reload requests, handled one at a
/// time, so runs never overlap.
public final class RecalculationEvents: Sendable {
    public typealias ReloadReply = CheckedContinuation<Result<Void, ConfigError>, Never>

    enum Event: Sendable {
        case tick
        case loaded(SourceOutcome)
        case reload(ReloadReply?)
    }

    struct SourceOutcome: Sendable {
        var source: SourceConfig
        var loader: SourceLoader
        var result: Result<SourceLoad, any Error>
    }

    let stream: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Event.self)
    }

    func send(_ event: Event) {
        continuation.yield(event)
    }

    /// Reloads the config file and waits for the outcome (`POST /-/reload`).
    public func reload() async -> Result<Void, ConfigError> {
        await withCheckedContinuation { reply in
            if case .terminated = continuation.yield(.reload(reply)) {
                reply.resume(
                    returning: .failure(.unreadable(path: "config", reason: "the daemon is shutting down")))
            }
        }
    }

    /// Reloads without waiting (SIGHUP).
    public func requestReload() {
        continuation.yield(.reload(nil))
    }

    func finish() {
        continuation.finish()
    }
}

/// SIGHUP → reload the config (validated before it is swapped in; the old one stays on error).
public struct ReloadSignalService: Service {
    let events: RecalculationEvents

    public init(events: RecalculationEvents) {
        self.events = events
    }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            events.requestReload()
        }
    }
}

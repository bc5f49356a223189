import ServiceLifecycle
import UnixSignals

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

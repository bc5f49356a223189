import Dispatch
import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerNotify
import NakerSources
import NakerTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import NakerDaemon

/// The service with a real worker thread stuck for good, as a read on a dead network share is.
struct RecalculationServiceTests {
    @Test func aStuckReaderIsAbandonedAndNeverHoldsShutdown() async throws {
        let directory = try TemporaryDirectory(prefix: "naker-service")
        _ = try directory.write("wub.csv", "id,registered_on,area\nW1,2022-03-01,Kelua\n")
        _ = try directory.write("share.csv", "id,registered_on,area\nW2,2022-03-01,Tanta\n")
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources:
                  - { name: wub, dataset: entrepreneurs, csv: { path: wub.csv } }
                  - { name: share, dataset: entrepreneurs, csv: { path: share.csv }, timeout: 1s }
                """, baseDirectory: directory.path, templates: TemplateCheck())
        let state = ExporterState(config: config, configLoadedAt: 0)
        let never = DispatchSemaphore(value: 0)
        defer { never.signal() }
        let service = RecalculationService(
            state: state, events: RecalculationEvents(), configPath: directory.file("naker.yml"),
            logger: CapturingLogHandler.silent, tick: .milliseconds(100), clock: SystemClock(),
            load: { loader, source in
                if source.name == "share" { never.wait() }
                return try loader.load(source)
            })
        let group = ServiceGroup(
            configuration: .init(
                services: [service], gracefulShutdownSignals: [], logger: CapturingLogHandler.silent))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while clock.now < deadline, state.snapshot?.sources.map(\.up) != [true, false] {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(state.snapshot?.sources.map(\.up) == [true, false], "the stuck source counts as failed")
            #expect(state.snapshot?.report.entrepreneurs.values.reduce(0, +) == 1, "the other one is in")
            let asked = clock.now
            await group.triggerGracefulShutdown()
            // The reader is still blocked: the service ending at all shows nothing waits for it. A
            // watchdog frees it after a minute, so a regression fails instead of hanging the run.
            let stopped = SharedFlag()
            let watchdog = DispatchWorkItem {
                if !stopped.isSet { never.signal() }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
            try await tasks.next()
            stopped.set()
            watchdog.cancel()
            // Generous: other suites share the machine's two cores while this runs.
            #expect(clock.now - asked < .seconds(30), "shutdown waited for the stuck reader")
        }
        withExtendedLifetime(directory) {}
    }
}

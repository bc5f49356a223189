import Foundation
import GRDB
import NakerConfig
import NakerCore
import NakerNotify
import NakerStore
import NakerTestSupport
import Testing

@testable import NakerDaemon

/// What the alerting service keeps across restarts and upgrades: the saved state's schema, and a
/// notification log pruned to its retention.
struct AlertingServiceStateTests {
    /// State saved by the version before the schema envelope (Tests/Fixtures/state-v0): the sample
    /// with BLKTanjungBehindPlan firing and notified, and BLKTanjung2025BehindPlan pending
    /// (`for: 30d`) and notified once while firing earlier. Saved at about 1796314821.
    static func fixture(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/state-v0/\(name).json")
        return try Data(contentsOf: url)
    }

    @Test func stateSavedBeforeTheSchemaLoadsAndNeitherRepagesNorForgetsAPendingFor() throws {
        let machine = try SavedState.decode(
            AlertStateMachine.self, from: try Self.fixture(AlertingService.machineKey))
        let dispatcher = try SavedState.decode(
            NotificationDispatcher.self, from: try Self.fixture(AlertingService.dispatcherKey))
        let pending = try #require(
            machine.alerts.first { $0.labels["alertname"] == "BLKTanjung2025BehindPlan" })
        #expect(pending.state == .pending)
        let activeAt = pending.activeAt
        #expect(activeAt > 1_796_000_000, "the pending for timer kept its start")
        let firing = try #require(machine.alerts.first { $0.labels["alertname"] == "BLKTanjungBehindPlan" })
        #expect(firing.state == .firing)

        // A minute later nothing is due again: the firing alert was notified before the upgrade.
        var upgraded = dispatcher
        let due = upgraded.update(alerts: machine.alerts, now: activeAt + 60)
        #expect(due.isEmpty, "\(due.map(\.groupKey))")

        // Saved again it carries the schema, and reads back the same.
        let saved = try SavedState.encode(machine)
        let json = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        #expect(json["schema"] as? Int == SavedState.schema)
        #expect(try SavedState.decode(AlertStateMachine.self, from: saved) == machine)
    }

    @Test func stateFromANewerSchemaIsRefusedWithWhatToDo() throws {
        let future = Data(#"{"schema": 99, "value": {}}"#.utf8)
        #expect {
            try SavedState.decode(AlertStateMachine.self, from: future)
        } throws: { error in
            "\(error)".contains("schema 99") && "\(error)".contains("restore the state backup")
        }
    }

    @Test func theNotificationLogIsPrunedToItsRetention() throws {
        let directory = try TemporaryDirectory(prefix: "naker-prune")
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]
                receivers: [{ name: leadership, webhook: { url: "http://127.0.0.1:9/hook" } }]
                notification: { log_retention: 7d }
                """, baseDirectory: directory.path, templates: TemplateCheck())
        #expect(config.notification.logRetention == .seconds(7 * 86_400))
        let clock = ManualClock()
        let store = try StateStore(directory: directory.path)
        let day = 86_400.0
        for (id, age) in [("old", 8 * day), ("recent", 6 * day), ("today", 0.0)] {
            try store.logNotification(
                NotificationLogEntry(
                    id: id, receiver: "leadership", groupKey: "{}:{}", status: "firing", alertCount: 1,
                    queuedAt: clock.unixTime - age, deliveredAt: clock.unixTime - age, outcome: "delivered"))
        }
        let state = ExporterState(config: config, configLoadedAt: 0)
        let delivery = DeliveryService(
            state: state, store: store,
            delivery: WebhookDelivery(logger: CapturingLogHandler.silent, clock: clock),
            logger: CapturingLogHandler.silent, clock: clock)
        let service = AlertingService(
            state: state, store: store, delivery: delivery, externalURL: "http://127.0.0.1:6309",
            logger: CapturingLogHandler.silent, clock: clock)

        func ids() throws -> [String] {
            let queue = try DatabaseQueue(path: directory.file("naker-exporter.sqlite"))
            return try queue.read {
                try String.fetchAll($0, sql: "SELECT id FROM notification_log ORDER BY id")
            }
        }
        service.prune(config)
        #expect(try ids() == ["recent", "today"])
        clock.advance(by: .seconds(2 * 86_400))
        service.prune(config)
        #expect(try ids() == ["today"])
    }
}

import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerStore
import ServiceLifecycle

/// Evaluates the alert rules every second against the latest snapshot, groups what fires, and
/// queues notifications durably in the outbox (delivery is `DeliveryService`'s). The state
/// machine and the dispatcher are saved after every change, so a restart neither re-pages nor
/// forgets a pending `for` timer.
public struct AlertingService: Service {
    let state: ExporterState
    let store: StateStore
    let delivery: DeliveryService
    let externalURL: String
    let logger: Logger
    let tick: Duration
    let clock: any ServiceClock

    static let machineKey = "alert_state_machine"
    static let dispatcherKey = "notification_dispatcher"
    /// How often the notification log is pruned to `notification.log_retention`.
    static let pruneEvery = Duration.seconds(3600)

    public init(
        state: ExporterState, store: StateStore, delivery: DeliveryService, externalURL: String,
        logger: Logger,
        tick: Duration = .seconds(1), clock: any ServiceClock
    ) {
        self.state = state
        self.store = store
        self.delivery = delivery
        self.externalURL = externalURL
        self.logger = logger
        self.tick = tick
        self.clock = clock
    }

    public func run() async throws {
        var machine: AlertStateMachine = restore(Self.machineKey) ?? AlertStateMachine()
        var dispatcher: NotificationDispatcher = restore(Self.dispatcherKey) ?? NotificationDispatcher()
        var applied: Config?
        var renderer: NotificationRenderer?
        var lastPrune: Duration?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let config = state.config
            if lastPrune.map({ clock.elapsed - $0 >= Self.pruneEvery }) ?? true {
                prune(config)
                lastPrune = clock.elapsed
            }
            if config != applied {
                dispatcher.reconfigure(Self.policy(config))
                do {
                    renderer = try NotificationRenderer(config: config, externalURL: externalURL)
                } catch {
                    logger.error("message templates failed to load", metadata: ["error": "\(error)"])
                }
                applied = config
            }
            if let snapshot = state.snapshot, let renderer {
                let before = (machine, dispatcher)
                step(config, snapshot, renderer, &machine, &dispatcher)
                if machine != before.0 { save(machine, Self.machineKey) }
                if dispatcher != before.1 { save(dispatcher, Self.dispatcherKey) }
            }
            try? await clock.sleep(for: tick)
        }
    }

    private func step(
        _ config: Config, _ snapshot: MetricsSnapshot, _ renderer: NotificationRenderer,
        _ machine: inout AlertStateMachine, _ dispatcher: inout NotificationDispatcher
    ) {
        let time = clock.unixTime
        let inputs = AlertInputs(
            report: snapshot.report, sources: snapshot.sources, lastRecalcSuccess: state.status.lastSuccess,
            now: time)
        let samples = AlertEvaluator.samples(rules: config.alerts, inputs: inputs)
        let held = AlertEvaluator.undecided(rules: config.alerts, inputs: inputs)
        let alerts = machine.evaluate(samples, rules: config.alerts, at: time, holding: held)
        state.updateNotifications { $0.alerts = alerts }
        // Alertmanager receivers get every alert from `AlertmanagerService`; grouping is theirs.
        let pushed = Set(config.alertmanagers.map(\.name))
        let grouped = alerts.compactMap { alert -> Alert? in
            var alert = alert
            alert.receivers.removeAll { pushed.contains($0) }
            return alert.receivers.isEmpty ? nil : alert
        }
        for notification in dispatcher.update(alerts: grouped, now: time) {
            do {
                let rendered = try renderer.render(notification)
                let item = OutboxItem(
                    id: notification.id, receiver: notification.receiver, groupKey: notification.groupKey,
                    body: Data(rendered.body), contentType: rendered.contentType, createdAt: time)
                let entry = NotificationLogEntry(
                    id: notification.id, receiver: notification.receiver, groupKey: notification.groupKey,
                    status: notification.status, alertCount: notification.alerts.count, queuedAt: time)
                try store.enqueue(item, logEntry: entry)
                // Queued durably counts as sent for grouping; delivery is at-least-once from here.
                dispatcher.markSent(notification, at: time)
                logger.info(
                    "notification queued",
                    metadata: [
                        "receiver": .string(notification.receiver), "group": .string(notification.groupKey),
                        "status": .string(notification.status), "alerts": "\(notification.alerts.count)",
                    ])
                delivery.wake()
            } catch {
                logger.error(
                    "notification could not be queued; retried at the next flush",
                    metadata: ["receiver": .string(notification.receiver), "error": "\(error)"])
            }
        }
    }

    static func policy(_ config: Config) -> NotificationPolicy {
        NotificationPolicy(
            groupBy: config.notification.groupBy, groupWait: config.notification.groupWait.seconds,
            groupInterval: config.notification.groupInterval.seconds,
            repeatInterval: config.notification.repeatInterval.seconds,
            sendResolved: Dictionary(
                uniqueKeysWithValues: config.receivers.map { ($0.name, $0.sendResolved) }))
    }

    /// Drops log entries older than the retention (never those still waiting in the outbox).
    func prune(_ config: Config) {
        let cutoff = clock.unixTime - Double(config.notification.logRetention.components.seconds)
        do {
            let deleted = try store.pruneLog(olderThan: cutoff)
            if deleted > 0 {
                logger.info(
                    "notification log pruned",
                    metadata: ["deleted": "\(deleted)", "retention": "\(config.notification.logRetention)"])
            }
        } catch {
            logger.error("notification log could not be pruned", metadata: ["error": "\(error)"])
        }
    }

    func restore<Value: Codable>(_ key: String) -> Value? {
        do {
            guard let data = try store.loadState(key) else { return nil }
            return try SavedState.decode(Value.self, from: data)
        } catch {
            logger.error(
                "saved alert state unreadable; starting afresh",
                metadata: ["key": .string(key), "error": "\(error)"])
            return nil
        }
    }

    private func save<Value: Codable>(_ value: Value, _ key: String) {
        do {
            try store.saveState(key, try SavedState.encode(value))
        } catch {
            logger.error(
                "alert state could not be saved", metadata: ["key": .string(key), "error": "\(error)"])
        }
    }
}

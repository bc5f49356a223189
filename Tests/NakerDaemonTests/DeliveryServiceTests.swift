import Foundation
import GRDB
import Logging
import NakerConfig
import NakerNotify
import NakerStore
import NakerTestSupport
import Testing

@testable import NakerDaemon

/// The one retry loop, against a real receiver on 127.0.0.1 and a real SQLite outbox.
@Suite(.serialized)
struct DeliveryServiceTests {
    /// The service's time: retries and the outbox poll wait on it, not on the wall clock.
    let clock = ManualClock()

    func setUp(receiverURL: String, retry: String = "{ initial: 200ms, max: 1s, give_up_after: 1h }") throws
        -> (DeliveryService, StateStore, TemporaryDirectory)
    {
        let directory = try TemporaryDirectory(prefix: "naker-delivery")
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]
                receivers: [{ name: leadership, webhook: { url: "\(receiverURL)", timeout: 1s } }]
                notification: { retry: \(retry) }
                """, baseDirectory: directory.path, templates: TemplateCheck())
        let store = try StateStore(directory: directory.path)
        let state = ExporterState(config: config, configLoadedAt: 0)
        let service = DeliveryService(
            state: state, store: store,
            delivery: WebhookDelivery(logger: CapturingLogHandler.silent, clock: clock),
            logger: CapturingLogHandler.silent, clock: clock)
        return (service, store, directory)
    }

    func queue(_ store: StateStore, id: String = "n-1") throws {
        try store.enqueue(
            OutboxItem(
                id: id, receiver: "leadership", groupKey: "{}:{alertname=\"X\"}", body: Data("{}".utf8),
                contentType: "application/json", createdAt: clock.unixTime),
            logEntry: NotificationLogEntry(
                id: id, receiver: "leadership", groupKey: "{}:{alertname=\"X\"}", status: "firing",
                alertCount: 1,
                queuedAt: clock.unixTime))
    }

    /// Runs the service until `done` holds (see `until`).
    func run(
        _ service: DeliveryService, for seconds: Double, step: Duration = .milliseconds(100),
        until done: @escaping @Sendable () throws -> Bool
    ) async throws {
        let task = Task { try await service.run() }
        defer { task.cancel() }
        service.wake()
        try await until(seconds, step: step, done)
    }

    /// Waits for `done`, moving the service's clock on by `step` every 10 ms of real time (HTTP and
    /// SQLite take real time); records a failure when `seconds` of real time pass first.
    func until(_ seconds: Double, step: Duration, _ done: @escaping @Sendable () throws -> Bool) async throws
    {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !(try done()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("the condition did not hold within \(seconds) s")
                return
            }
            clock.advance(by: step)
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    @Test func threeFailuresThenOneAcceptedDeliveryWithOneKey() async throws {
        let receiver = try await WebhookReceiver([
            .init(status: 500), .init(status: 500), .init(status: 503), .init(status: 200),
        ])
        let (service, store, scratch) = try setUp(receiverURL: receiver.url + "/hook")
        try queue(store)
        defer { withExtendedLifetime(scratch) {} }
        try await run(service, for: 60) { try store.pending().isEmpty }
        let requests = try receiver.requests()
        #expect(requests.count == 4)
        #expect(Set(requests.map { $0.headers["idempotency-key"] }) == ["n-1"])
        #expect(try store.pending().isEmpty)
        // The log is written by the daemon and read by no one but the operator (sqlite3): read it so.
        let outcome = try await DatabaseQueue(path: store.path, configuration: readOnly).read { db in
            try String.fetchOne(db, sql: "SELECT outcome FROM notification_log WHERE id = 'n-1'")
        }
        #expect(outcome == NotificationLogEntry.deliveredOutcome)
    }

    @Test func aBadRequestIsNotRetried() async throws {
        let receiver = try await WebhookReceiver([.init(status: 400)])
        let (service, store, scratch) = try setUp(receiverURL: receiver.url + "/hook")
        try queue(store)
        defer { withExtendedLifetime(scratch) {} }
        try await run(service, for: 10) { try store.failedCount()["leadership"] == 1 }
        #expect(try receiver.requests().count == 1)
        #expect(try store.failedCount() == ["leadership": 1])
        #expect(try store.pending().isEmpty)
    }

    @Test func retryAfterIsHonoured() async throws {
        let receiver = try await WebhookReceiver([
            .init(status: 429, headers: ["Retry-After": "2"]), .init(status: 200),
        ])
        let (service, store, scratch) = try setUp(receiverURL: receiver.url + "/hook")
        try queue(store)
        defer { withExtendedLifetime(scratch) {} }
        let task = Task { try await service.run() }
        defer { task.cancel() }
        service.wake()
        // The clock stands still until the 429 is recorded: its retry is planned 2 s on.
        try await until(15, step: .zero) { try store.pending().first?.attempts == 1 }
        let planned = try #require(try store.pending().first)
        let wait = planned.nextAttemptAt - (planned.firstAttemptAt ?? .nan)
        #expect(wait >= 2, "retry planned \(wait) s after a Retry-After: 2")
        try await until(15, step: .milliseconds(100)) { try store.pending().isEmpty }
        #expect(try receiver.requests().count == 2)
    }

    /// Telegram's 429 (Bot API): no Retry-After header, the wait is in the body's `parameters`.
    @Test func telegramsRetryAfterInTheBodyIsHonoured() async throws {
        let receiver = try await WebhookReceiver([
            .init(
                status: 429,
                body:
                    #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}"#
            ),
            .init(status: 200, body: #"{"ok":true}"#),
        ])
        let (service, store, scratch) = try setUp(receiverURL: receiver.url + "/bot123:ABC/sendMessage")
        try queue(store)
        defer { withExtendedLifetime(scratch) {} }
        let task = Task { try await service.run() }
        defer { task.cancel() }
        service.wake()
        try await until(15, step: .zero) { try store.pending().first?.attempts == 1 }
        let planned = try #require(try store.pending().first)
        let wait = planned.nextAttemptAt - (planned.firstAttemptAt ?? .nan)
        #expect(wait >= 3, "retry planned \(wait) s after retry_after 3")
        // No attempt inside those 3 s: the clock moves to just before them, and nothing is sent.
        clock.advance(by: .milliseconds(2900))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try receiver.requests().count == 1)
        try await until(15, step: .milliseconds(100)) { try store.pending().isEmpty }
        let requests = try receiver.requests()
        #expect(requests.count == 2)
        let gap = requests[1].receivedAt - requests[0].receivedAt
        #expect(gap >= 0, "\(gap)")
    }

    /// Every attempt is counted, and each failure under its reason.
    @Test func everyAttemptIsCountedWithItsReason() async throws {
        let receiver = try await WebhookReceiver([
            .init(status: 500), .init(status: 429), .init(status: 200, hang: true), .init(status: 200),
        ])
        let (service, store, scratch) = try setUp(receiverURL: receiver.url + "/hook")
        defer { withExtendedLifetime(scratch) {} }
        try queue(store)
        try await run(service, for: 60) { try store.pending().isEmpty }
        var counts = service.state.notifications
        #expect(counts.requests["leadership"] == 4)
        #expect(counts.failedRequests["leadership"] == ["status_5xx": 1, "status_429": 1, "timeout": 1])

        // A 400 is counted and ends it; a closed port counts as connection.
        let rejecting = try await WebhookReceiver([.init(status: 400)])
        let (second, secondStore, secondScratch) = try setUp(receiverURL: rejecting.url + "/hook")
        defer { withExtendedLifetime(secondScratch) {} }
        try queue(secondStore)
        try await run(second, for: 10) { try secondStore.failedCount()["leadership"] == 1 }
        counts = second.state.notifications
        #expect(counts.failedRequests["leadership"] == ["status_4xx": 1])
        let (closed, closedStore, closedScratch) = try setUp(
            receiverURL: "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook")
        defer { withExtendedLifetime(closedScratch) {} }
        try queue(closedStore)
        try await run(closed, for: 10) { closed.state.notifications.requests["leadership"] ?? 0 >= 1 }
        #expect(closed.state.notifications.failedRequests["leadership"]?["connection"] ?? 0 >= 1)
        let families = NotificationMetrics.families(closed.state.notifications, receivers: ["leadership"])
        let failed = try #require(families.first { $0.name == "naker_notification_requests_failed" })
        #expect(failed.samples.count == 6, "every reason has its series from the start")
    }

    @Test func aHangingReceiverTimesOutAndIsRetried() async throws {
        let receiver = try await WebhookReceiver([.init(status: 200, sleep: 3), .init(status: 200)])
        let (service, store, scratch) = try setUp(receiverURL: receiver.url + "/hook")
        try queue(store)
        defer { withExtendedLifetime(scratch) {} }
        try await run(service, for: 15) { try store.pending().isEmpty }
        let requests = try receiver.requests()
        #expect(requests.count == 2, "the first attempt timed out after 1 s and was retried")
        #expect(Set(requests.map { $0.headers["idempotency-key"] }) == ["n-1"])
    }

    @Test func nothingIsLostWhileTheReceiverIsDown() async throws {
        let (service, store, scratch) = try setUp(
            receiverURL: "http://127.0.0.1:\(WebhookReceiver.closedPort())/hook")
        try queue(store)
        defer { withExtendedLifetime(scratch) {} }
        try await run(service, for: 15) { try store.pending().first.map { $0.attempts >= 2 } ?? true }
        let item = try #require(try store.pending().first, "the notification is still queued")
        #expect(item.attempts >= 2)
        #expect(item.lastError != nil)
    }

    @Test func aMissingURLFileShowsAsAReceiverProblemWithNothingToSend() async throws {
        let directory = try TemporaryDirectory(prefix: "naker-delivery")
        let config = try ConfigParser.parse(
            yaml: """
                global: { region: Tabalong }
                sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]
                receivers: [{ name: leadership, webhook: { url_file: credentials/leadership_url } }]
                """, baseDirectory: directory.path, templates: TemplateCheck())
        let store = try StateStore(directory: directory.path)
        let state = ExporterState(config: config, configLoadedAt: 0)
        let (logger, logs) = CapturingLogHandler.logger()
        let service = DeliveryService(
            state: state, store: store,
            delivery: WebhookDelivery(logger: CapturingLogHandler.silent, clock: clock),
            logger: logger, clock: clock)
        try await run(service, for: 10) { state.notifications.receiverProblems["leadership"] != nil }
        let problem = try #require(state.notifications.receiverProblems["leadership"])
        #expect(problem.contains("credentials/leadership_url"), "\(problem)")
        #expect(logs.all.filter { $0.message.contains("webhook request could not be built") }.count == 1)
        withExtendedLifetime(directory) {}
    }
}

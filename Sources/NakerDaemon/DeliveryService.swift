import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerNotify
import NakerStore
import ServiceLifecycle
import Synchronization

/// Delivers the outbox at least once: each due notification is posted, and the one retry
/// decision (`RetryPolicy`) says whether it is done, due again later, or given up. Every outcome
/// is written to the store before the next attempt, so `kill -9` loses nothing. Receivers are
/// worked in parallel, each in order, so one slow gateway delays nobody else.
public final class DeliveryService: Service, Sendable {
    let state: ExporterState
    let store: StateStore
    let delivery: WebhookDelivery
    let logger: Logger
    let clock: any ServiceClock
    private let busy = Mutex<Set<String>>([])
    private let lastReceiverCheck = Mutex<Double>(-.infinity)
    static let receiverCheckInterval: Double = 10
    private let wakeUp: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>

    public init(
        state: ExporterState, store: StateStore, delivery: WebhookDelivery, logger: Logger,
        clock: any ServiceClock
    ) {
        self.state = state
        self.store = store
        self.delivery = delivery
        self.logger = logger
        self.clock = clock
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Something was queued: look at the outbox now rather than at the next poll.
    public func wake() {
        wakeUp.yield()
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeUp, clock] in
                // A poll every second picks up retries that came due.
                while !Task.isCancelled {
                    try? await clock.sleep(for: .seconds(1))
                    wakeUp.yield()
                }
            }
            for await _ in wakeUps.cancelOnGracefulShutdown() {
                startDueDeliveries(in: &group)
            }
            group.cancelAll()
        }
    }

    private func startDueDeliveries(in group: inout TaskGroup<Void>) {
        let config = state.config
        checkReceivers(config)
        let due: [OutboxItem]
        do {
            due = try store.due(now: clock.unixTime, limit: 200)
            let lengths = try store.queueLengths()
            state.updateNotifications { $0.queueLength = lengths }
        } catch {
            logger.error("outbox unreadable", metadata: ["error": "\(error)"])
            return
        }
        let byReceiver = Dictionary(grouping: due, by: \.receiver)
        for (name, items) in byReceiver where busy.withLock({ $0.insert(name).inserted }) {
            let receiver = config.receivers.first { $0.name == name }
            let retry = config.notification.retry
            group.addTask { [self] in
                for item in items where !Task.isCancelled {
                    await deliver(item, to: receiver, retry: retry)
                }
                busy.withLock { _ = $0.remove(name) }
            }
        }
    }

    func deliver(_ item: OutboxItem, to receiver: ReceiverConfig?, retry: RetryConfig) async {
        guard let receiver else {
            finish(
                item, .giveUp(reason: "receiver \(item.receiver) is no longer configured"), at: clock.unixTime
            )
            return
        }
        let attempt = item.attempts + 1
        var attempter = delivery
        attempter.retry = retry
        let outcome: WebhookAttemptOutcome
        do {
            let request = try WebhookRequestFactory.request(for: item, receiver: receiver, at: clock.unixTime)
            report(nil, for: receiver.name)
            outcome = await attempter.attempt(request, attempt: attempt, firstAttemptAt: item.firstAttemptAt)
            let reason = outcome.result.failureReason
            state.updateNotifications { $0.attempted(receiver.name, failure: reason) }
        } catch {
            // A URL or secret that cannot be read yet (credential not installed) is retried like
            // an unreachable gateway: the admin may fix it before give_up_after. Logged once per
            // change of the problem, not at every retry; the status page shows it meanwhile.
            report("\(error)", for: receiver.name)
            let time = clock.unixTime
            let decision = RetryPolicy.decide(
                .transportError(.connectionFailed), attempt: attempt,
                firstAttemptAt: item.firstAttemptAt ?? time, now: time,
                config: retry, random: Double.random(in: 0..<1))
            outcome = WebhookAttemptOutcome(
                result: .transportError(.connectionFailed), decision: decision, startedAt: time,
                finishedAt: time)
        }
        let firstAttemptAt = item.firstAttemptAt ?? outcome.startedAt
        switch outcome.decision {
        case .delivered:
            finish(item, .delivered(latency: outcome.finishedAt - firstAttemptAt), at: outcome.finishedAt)
        case .retry(let after):
            do {
                try store.recordAttempt(
                    id: item.id, attempts: attempt, nextAttemptAt: outcome.finishedAt + after,
                    firstAttemptAt: firstAttemptAt,
                    lastError: outcome.result.description)
            } catch {
                logger.error(
                    "outbox write failed",
                    metadata: ["receiver": .string(item.receiver), "error": "\(error)"])
            }
        case .giveUp(let reason):
            finish(item, .giveUp(reason: reason.description), at: outcome.finishedAt)
        }
    }

    /// Checks every receiver's URL and secrets now and then, also with nothing to send, so a
    /// credential that is missing shows on the status page before the first alert needs it.
    private func checkReceivers(_ config: Config) {
        let time = clock.unixTime
        let due = lastReceiverCheck.withLock { last in
            guard time - last >= Self.receiverCheckInterval else { return false }
            last = time
            return true
        }
        guard due else { return }
        let names = Set(config.receivers.map(\.name))
        for stale in state.notifications.receiverProblems.keys where !names.contains(stale) {
            report(nil, for: stale)
        }
        for receiver in config.receivers {
            do {
                _ = try WebhookRequestFactory.Credentials(receiver)
                report(nil, for: receiver.name)
            } catch {
                report("\(error)", for: receiver.name)
            }
        }
    }

    /// Records a receiver's problem (nil: none) and logs only a change, not every retry.
    private func report(_ problem: String?, for receiver: String) {
        // Read first: an unchanged state is not written, so scrapes keep their cached bodies.
        guard state.notifications.receiverProblems[receiver] != problem,
            state.updateNotifications({ $0.setProblem(problem, for: receiver) })
        else { return }
        if let problem {
            logger.error(
                "webhook request could not be built; notifications stay queued",
                metadata: ["receiver": .string(receiver), "error": .string(problem)])
        } else {
            logger.info("receiver credentials readable again", metadata: ["receiver": .string(receiver)])
        }
    }

    enum Ending {
        case delivered(latency: Double)
        case giveUp(reason: String)
    }

    private func finish(_ item: OutboxItem, _ ending: Ending, at time: Double) {
        do {
            switch ending {
            case .delivered(let latency):
                try store.markDelivered(id: item.id, at: time)
                state.updateNotifications { $0.delivered(to: item.receiver, latency: latency) }
            case .giveUp(let reason):
                try store.markFailed(id: item.id, reason: reason, at: time)
                state.updateNotifications { $0.gaveUp(on: item.receiver) }
                logger.error(
                    "notification given up",
                    metadata: ["receiver": .string(item.receiver), "reason": .string(reason)])
            }
        } catch {
            logger.error(
                "outbox write failed", metadata: ["receiver": .string(item.receiver), "error": "\(error)"])
        }
    }
}

/// Builds the HTTP request for an outbox item, reading the receiver's URL and secrets now (a
/// rotated credential takes effect at the next attempt).
enum WebhookRequestFactory {
    /// `unixTime` is the signature's timestamp.
    static func request(for item: OutboxItem, receiver: ReceiverConfig, at unixTime: Double) throws
        -> WebhookRequest
    {
        let credentials = try Credentials(receiver)
        return try WebhookRequest(
            receiver: receiver.name, url: credentials.url, body: Array(item.body),
            contentType: item.contentType,
            headers: credentials.headers,
            idempotencyKey: item.id, connectTimeout: min(5, receiver.timeout.seconds),
            timeout: receiver.timeout.seconds,
            signingSecret: credentials.signingSecret, timestamp: Int(unixTime))
    }

    /// What a request to the receiver needs from files and the environment, read now.
    struct Credentials {
        var url: String
        var headers: [WebhookHeader] = []
        var signingSecret: String?

        init(_ receiver: ReceiverConfig) throws {
            url = try receiver.url.resolve()
            for (name, reference) in receiver.headers.sorted(by: { $0.key < $1.key }) {
                headers.append(WebhookHeader(name: name, value: try reference.resolve()))
            }
            signingSecret = try receiver.hmacSecret?.resolve()
        }
    }
}

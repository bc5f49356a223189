import Foundation
import NakerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Alerts end to end: the built daemon on the sample config, where
/// `BLKTanjungBehindPlan` fires at once, posting to a real HTTP receiver on 127.0.0.1 whose URL
/// comes from `$CREDENTIALS_DIRECTORY/leadership_url`, as systemd's LoadCredential= provides it.
@Suite(.serialized)
struct AlertDeliveryTests {
    static let secret = "SECRETTOKEN123"
    static let hookPath = "/hook/\(secret)?token=\(secret)"
    static let queueLength = #"naker_notification_queue_length{receiver="leadership"}"#
    static let notificationsTotal = #"naker_notifications_total{receiver="leadership"}"#
    static let failedTotal = #"naker_notifications_failed_total{receiver="leadership"}"#
    static let latencyCount = #"naker_notification_latency_seconds_count{receiver="leadership"}"#
    static let firing =
        #"naker_alerts{alertname="BLKTanjungBehindPlan",alertstate="firing",severity="warning",target="blk_tanjung_2021_2024",team="bidang_pelatihan"}"#

    /// A sandbox of the sample config with fast timers, a credentials directory outside the
    /// config's own `credentials/` and a (not yet started) receiver.
    struct Setup {
        let sandbox: Sandbox
        let receiver: WebhookReceiver
        let credentials: String

        /// What a systemd unit with LoadCredential= would give the daemon.
        var environment: [String: String] { ["CREDENTIALS_DIRECTORY": credentials] }

        init(mode: String = "200", giveUpAfter: String = "24h") throws {
            sandbox = try Sandbox()
            do {
                try AlertDeliveryTests.speedUp(sandbox, giveUpAfter: giveUpAfter)
                credentials = sandbox.path("run-credentials")
                try FileManager.default.createDirectory(
                    atPath: credentials, withIntermediateDirectories: false,
                    attributes: [.posixPermissions: 0o700])
                receiver = try WebhookReceiver(script: WebhookReceiver.Step.script(mode))
                try sandbox.write(
                    receiver.url + AlertDeliveryTests.hookPath + "\n", to: "run-credentials/leadership_url")
            } catch {
                sandbox.delete()
                throw error
            }
        }

        func server(
            name: String = "daemon", storagePath: String? = nil, extra: [String] = [], ready: Bool = true
        ) throws -> ServerProcess {
            try ServerProcess(
                sandbox, extra: extra, name: name, storagePath: storagePath, environment: environment,
                ready: ready)
        }

        func delete() {
            receiver.stop()
            sandbox.delete()
        }
    }

    /// `group_wait: 1s`, `group_interval: 2s` and retries within a second, instead of the
    /// example's 30 s, 5 m and 1 s–5 m; the current plan period's rule waits 30 days, so the one
    /// notification these tests follow is BLKTanjungBehindPlan's.
    static func speedUp(_ sandbox: Sandbox, giveUpAfter: String = "24h") throws {
        let settings = [
            "group_wait:": "1s",
            "group_interval:": "2s",
            "retry:": "{ initial: 200ms, max: 1s, give_up_after: \(giveUpAfter) }",
        ]
        var replaced: [String: Int] = [:]
        var lines: [String] = []
        let original = try sandbox.read("naker-exporter.yml")
        var inCurrentPlanRule = false
        for line in original.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  - name: ") {
                inCurrentPlanRule = line.hasPrefix("  - name: BLKTanjung2025BehindPlan")
            }
            if inCurrentPlanRule, line.hasPrefix("    for:") {
                replaced["current plan rule", default: 0] += 1
                lines.append("    for: 30d")
            } else if let (key, value) = settings.first(where: { line.hasPrefix("  " + $0.key) }) {
                replaced[key, default: 0] += 1
                lines.append("  \(key) \(value)")
            } else {
                lines.append(String(line))
            }
        }
        guard (Array(settings.keys) + ["current plan rule"]).allSatisfy({ replaced[$0] == 1 }) else {
            throw ServerTestError(description: "notification settings not found once each: \(replaced)")
        }
        try sandbox.write(lines.joined(separator: "\n"), to: "naker-exporter.yml")
    }

    /// Waits for `condition`; the failure names `what` and shows the daemon's log.
    static func waitFor(
        _ what: String, timeout: Duration = .seconds(30), server: ServerProcess? = nil,
        _ condition: () throws -> Bool
    ) throws {
        let held = eventually(timeout: timeout, interval: .milliseconds(100)) { (try? condition()) ?? false }
        guard held else {
            throw ServerTestError(
                description: "not within \(timeout): \(what)\n\(server.map { $0.stderr } ?? "")")
        }
    }

    static func accepted(_ receiver: WebhookReceiver) throws -> [WebhookReceiver.Recorded] {
        try receiver.requests().filter(\.accepted)
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n")
    }

    // MARK: - Content

    @Test func indonesianSummaryReachesTheReceiver() throws {
        let setup = try Setup()
        defer { setup.delete() }
        try setup.receiver.start()
        let server = try setup.server(extra: ["--web.external-url=https://naker.tabalongkab.go.id/"])
        defer { server.stop() }

        try Self.waitFor("a notification at the receiver", server: server) {
            try !setup.receiver.requests().isEmpty
        }
        try Self.waitFor("the delivery counted", server: server) {
            try server.sample(Self.notificationsTotal) == "1"
        }
        // Nothing more may come: 4.5 s are two group_interval flushes (2 s here) with the group
        // unchanged, each of which would send a wrongly repeated notification.
        Thread.sleep(forTimeInterval: 4.5)
        let requests = try setup.receiver.requests()
        #expect(requests.count == 1, "\(requests.map(\.body))")
        let request = try #require(requests.first)
        #expect(request.method == "POST")
        #expect(request.path == Self.hookPath)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.idempotencyKey?.isEmpty == false, "\(request.headers)")
        // The URL came from $CREDENTIALS_DIRECTORY, not from the config directory's credentials/.
        #expect(!FileManager.default.fileExists(atPath: setup.sandbox.path("credentials")))

        let payload = try request.json()
        #expect(payload["version"] as? String == "4")
        #expect(payload["status"] as? String == "firing")
        #expect(payload["receiver"] as? String == "leadership")
        // Links go where people reach the exporter, not to its listen address.
        #expect(payload["externalURL"] as? String == "https://naker.tabalongkab.go.id")
        #expect(payload["groupKey"] as? String == #"{}:{alertname="BLKTanjungBehindPlan"}"#)
        #expect((payload["groupLabels"] as? [String: String]) == ["alertname": "BLKTanjungBehindPlan"])
        let alerts = try #require(payload["alerts"] as? [[String: Any]])
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert["status"] as? String == "firing")
        #expect((alert["generatorURL"] as? String)?.hasPrefix("https://naker.tabalongkab.go.id") == true)
        let labels = try #require(alert["labels"] as? [String: String])
        #expect(labels["alertname"] == "BLKTanjungBehindPlan")
        #expect(labels["severity"] == "warning")
        #expect(labels["target"] == "blk_tanjung_2021_2024")
        #expect(labels["team"] == "bidang_pelatihan")
        let annotations = try #require(alert["annotations"] as? [String: String])
        let summary = try #require(annotations["summary"])
        print("BLKTanjungBehindPlan summary: \(summary)")
        if let description = annotations["description"] {
            print("BLKTanjungBehindPlan description: \(description)")
        }
        #expect(summary.hasPrefix("Capaian 2.000 peserta pelatihan BLK Tanjung 2021–2024 "), "\(summary)")
        #expect(summary.contains("dari target"), "\(summary)")
        // Indonesian numbers: decimal comma before " %", thousands with a dot, no decimal point.
        #expect(summary.contains(try Regex(#" \d{1,3},\d %"#)), "\(summary)")
        #expect(summary.contains(try Regex(#"tertinggal [\d.]+ orang$"#)), "\(summary)")
        #expect(!summary.contains(try Regex(#"\d\.\d %"#)), "\(summary)")
        #expect((payload["commonAnnotations"] as? [String: String])?["summary"] == summary)
    }

    // MARK: - Secrets

    @Test(arguments: ["logfmt", "json"])
    func noSecretInAnyLogLine(format: String) throws {
        let setup = try Setup(mode: "500")
        defer { setup.delete() }
        try setup.receiver.start()
        let server = try setup.server(extra: ["--log.level=debug", "--log.format=\(format)"])
        defer { server.stop() }

        try Self.waitFor("three attempts answered 500", server: server) {
            try setup.receiver.requests().count >= 3
        }
        // Down: the next attempts get connection refused.
        setup.receiver.stop()
        try Self.waitFor("a failed connection logged", timeout: .seconds(15), server: server) {
            server.stderr.contains("could not connect to the receiver")
        }
        var bodies: [String: String] = [:]
        bodies["/metrics"] = try server.metrics()
        bodies["/metrics (OpenMetrics)"] =
            try server.get("/metrics", headers: ["Accept: application/openmetrics-text;version=1.0.0"]).text
        bodies["/"] = try server.get("/").text
        bodies["/?lang=en"] = try server.get("/?lang=en").text
        bodies["/api/v1/status"] = try server.get("/api/v1/status").text
        server.stop()
        #expect(server.process.terminationStatus == 0)

        let forbidden = [
            Self.secret, "/hook/", #"\/hook\/"#, "127.0.0.1:\(setup.receiver.port)",
        ]
        let log = Self.lines(server.stderr)
        let leaks = log.filter { line in forbidden.contains { line.contains($0) } }
        #expect(leaks.isEmpty, "log lines with the URL or a part of it:\n\(leaks.joined(separator: "\n"))")
        for (path, body) in bodies.sorted(by: { $0.key < $1.key }) {
            let leaked = forbidden.filter { body.contains($0) }
            #expect(leaked.isEmpty, "\(path) shows \(leaked)")
        }

        // The failed attempts are logged, naming the receiver; the echoed URL is blanked out.
        let failed = log.filter { $0.contains("webhook attempt failed") }
        // At least one answered with 500 and one refused; how many more fit in the run is timing.
        #expect(failed.count >= 2, "\(log.joined(separator: "\n"))")
        for line in failed {
            if format == "json" {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["receiver"] as? String == "leadership", "\(line)")
            } else {
                #expect(line.contains("receiver=leadership"), "\(line)")
            }
        }
        let status = format == "json" ? #""status":"500""# : "status=500"
        #expect(failed.contains { $0.contains(status) && $0.contains("[redacted]") }, "\(failed)")
        #expect(failed.contains { $0.contains("could not connect to the receiver") }, "\(failed)")
    }

    // MARK: - Delivery

    /// A notification queued while the receiver is down survives `kill -9`, is
    /// delivered after the restart with its one `Idempotency-Key`, and is not sent again by a
    /// later start within repeat_interval.
    @Test func crashSafeDelivery() throws {
        let setup = try Setup()
        defer { setup.delete() }
        let storage = setup.sandbox.path("state")

        let first = try setup.server(name: "first", storagePath: storage)
        defer { first.stop() }
        try Self.waitFor("the notification in the outbox", server: first) {
            try first.sample(Self.queueLength) == "1"
        }
        try Self.waitFor("a failed attempt", server: first) {
            first.stderr.contains("webhook attempt failed")
        }
        #expect(Self.lines(first.stderr).filter { $0.contains("notification queued") }.count == 1)
        first.signal(SIGKILL)
        #expect(first.waitForExit(timeout: .seconds(10)) != nil)
        #expect(first.process.terminationReason == .uncaughtSignal)

        try setup.receiver.start()
        let second = try setup.server(name: "second", storagePath: storage)
        defer { second.stop() }
        try Self.waitFor("the notification delivered after the restart", server: second) {
            try !Self.accepted(setup.receiver).isEmpty
        }
        try Self.waitFor("the outbox empty", server: second) {
            try second.sample(Self.queueLength) == "0" && second.sample(Self.notificationsTotal) == "1"
        }
        #expect(!second.stderr.contains("notification queued"), "\(second.stderr)")
        let key = try #require(try Self.accepted(setup.receiver).first?.idempotencyKey)
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: .seconds(15)) == 0, "\(second.stderr)")

        let third = try setup.server(name: "third", storagePath: storage)
        defer { third.stop() }
        try Self.waitFor("the alert firing again from the saved state", server: third) {
            try third.sample(Self.firing) == "1"
        }
        // Nothing may be queued: 5 s cover group_wait (1 s) and two group_interval flushes (2 s),
        // each of which would re-send the notification had the restart forgotten it was sent.
        Thread.sleep(forTimeInterval: 5)
        #expect(try third.sample(Self.queueLength) == "0")
        #expect(!third.stderr.contains("notification queued"), "\(third.stderr)")
        third.stop()

        let requests = try setup.receiver.requests()
        #expect(!requests.isEmpty)
        #expect(Set(requests.compactMap(\.idempotencyKey)) == [key], "\(requests.map(\.headers))")
        #expect(requests.allSatisfy { $0.idempotencyKey != nil })
        for request in requests {
            let payload = try request.json()
            #expect(payload["status"] as? String == "firing")
            #expect(payload["groupKey"] as? String == #"{}:{alertname="BLKTanjungBehindPlan"}"#)
        }
        print("crashSafeDelivery: \(requests.count) copy(ies) delivered, Idempotency-Key \(key)")
    }

    @Test func retriesUntilAccepted() throws {
        let setup = try Setup(mode: "500,500,500,200")
        defer { setup.delete() }
        try setup.receiver.start()
        let server = try setup.server()
        defer { server.stop() }

        try Self.waitFor("an accepted attempt", server: server) {
            try !Self.accepted(setup.receiver).isEmpty
        }
        try Self.waitFor("the delivery counted", server: server) {
            try server.sample(Self.notificationsTotal) == "1" && server.sample(Self.queueLength) == "0"
        }
        // Nothing more may come: 3 s are at least three retry periods (200 ms to 1 s here) and one
        // group_interval flush (2 s), either of which would show a wrong extra attempt.
        Thread.sleep(forTimeInterval: 3)
        let requests = try setup.receiver.requests()
        #expect(requests.map(\.answer) == ["500", "500", "500", "200"])
        #expect(requests.filter(\.accepted).count == 1)
        let keys = Set(requests.compactMap(\.idempotencyKey))
        #expect(keys.count == 1 && requests.allSatisfy { $0.idempotencyKey != nil }, "\(keys)")
        #expect(Set(requests.map(\.body)).count == 1, "every attempt carries the same payload")
        #expect(try server.sample(Self.notificationsTotal) == "1")
        #expect(try server.sample(Self.failedTotal) == "0")
        #expect(try server.sample(Self.queueLength) == "0")
        #expect(try server.sample(Self.latencyCount) == "1")
        let failed = Self.lines(server.stderr).filter { $0.contains("webhook attempt failed") }
        #expect(failed.count == 3, "\(server.stderr)")
        #expect(Self.lines(server.stderr).filter { $0.contains("webhook delivered") }.count == 1)
    }

    /// A fresh install before its credential is put in place: the problem is logged once (not at every
    /// retry), shown on the status page, and the queued notification goes out once the file appears.
    @Test func aMissingCredentialIsReportedOnceAndDeliveredWhenItAppears() throws {
        let setup = try Setup()
        defer { setup.delete() }
        let credential = setup.credentials + "/leadership_url"
        let url = try String(contentsOfFile: credential, encoding: .utf8)
        try FileManager.default.removeItem(atPath: credential)
        try setup.receiver.start()
        let server = try setup.server()
        defer { server.stop() }

        try Self.waitFor("the notification in the outbox", server: server) {
            try server.sample(Self.queueLength) == "1"
        }
        try Self.waitFor("the problem logged", server: server) {
            server.stderr.contains("webhook request could not be built")
        }
        // The problem must be logged once, not per attempt: 4 s hold at least four retries (every
        // 200 ms to 1 s here) while the file is missing.
        Thread.sleep(forTimeInterval: 4)
        let reported = Self.lines(server.stderr).filter { $0.contains("webhook request could not be built") }
        #expect(reported.count == 1, "\(server.stderr)")
        #expect(reported.first?.contains("leadership_url") == true, "the log names the file to create")
        let page = try server.get("/").text
        #expect(page.contains("Penerima notifikasi bermasalah"), "\(page)")
        #expect(page.contains("<td>leadership</td>"))
        #expect(try server.sample(Self.queueLength) == "1", "still queued, not given up")
        #expect(try setup.receiver.requests().isEmpty)

        try setup.sandbox.write(url, to: "run-credentials/leadership_url")
        try Self.waitFor("the notification delivered once the file is there", server: server) {
            try !Self.accepted(setup.receiver).isEmpty
        }
        try Self.waitFor("the problem cleared", server: server) {
            let page = try server.get("/").text
            return server.stderr.contains("receiver credentials readable again")
                && !page.contains("Penerima notifikasi bermasalah")
        }
        #expect(try Self.accepted(setup.receiver).count == 1)
        #expect(!server.stderr.contains(Self.secret))
    }

    /// A restart before the trainee file is back: the target has no data, so its firing alert
    /// neither resolves nor pages again; it is still firing once the file returns.
    @Test func anAlertHoldsItsStateWhileItsTargetHasNoData() throws {
        let setup = try Setup()
        defer { setup.delete() }
        try setup.receiver.start()
        let storage = setup.sandbox.path("state")
        let first = try setup.server(name: "first", storagePath: storage)
        defer { first.stop() }
        try Self.waitFor("the alert firing and notified", server: first) {
            try first.sample(Self.firing) == "1" && first.sample(Self.notificationsTotal) == "1"
        }
        first.signal(SIGTERM)
        #expect(first.waitForExit(timeout: .seconds(15)) == 0, "\(first.stderr)")

        let trainees = try setup.sandbox.read("sample/trainees.csv")
        try FileManager.default.removeItem(atPath: setup.sandbox.path("sample/trainees.csv"))
        // Never ready: a source that has never loaded fails every recalculation.
        let second = try setup.server(name: "second", storagePath: storage, ready: false)
        defer { second.stop() }
        let available = #"naker_target_data_available{target="blk_tanjung_2021_2024"}"#
        try Self.waitFor("the target without data", server: second) { try second.sample(available) == "0" }
        // The alert must hold, not resolve: 5 s are five evaluations (one a second) and two
        // group_interval flushes (2 s) without the data.
        Thread.sleep(forTimeInterval: 5)
        let held = try second.metrics()
        #expect(ExporterProcess.sample(Self.firing, in: held) == "1", "still firing, not resolved: \(held)")
        #expect(try second.sample(#"naker_target_value{target="blk_tanjung_2021_2024"}"#) == nil)
        #expect(try second.get("/").text.contains("data belum tersedia"))

        try setup.sandbox.write(trainees, to: "sample/trainees.csv")
        try Self.waitFor("the data back", server: second) { try second.sample(available) == "1" }
        #expect(try second.sample(Self.firing) == "1")
        let statuses = try Self.accepted(setup.receiver).map { try $0.json()["status"] as? String }
        #expect(statuses == ["firing"], "no resolved notification and no second page: \(statuses)")
    }

    /// A gateway asking to wait far longer than give_up_after leaves: nothing is given up early;
    /// the last attempt is at the end of the window, and the log says why it waited.
    @Test func aRetryAfterBeyondTheWindowIsTriedAtItsEnd() throws {
        let setup = try Setup(mode: "429:99999999,200", giveUpAfter: "20s")
        defer { setup.delete() }
        try setup.receiver.start()
        let server = try setup.server()
        defer { server.stop() }
        try Self.waitFor("the first attempt answered 429", server: server) {
            try setup.receiver.requests().count == 1
        }
        try Self.waitFor("the delivery at the end of the window", timeout: .seconds(40), server: server) {
            try Self.accepted(setup.receiver).count == 1
        }
        let requests = try setup.receiver.requests()
        #expect(requests.map(\.answer) == ["429", "200"])
        let waited = requests[1].receivedAt - requests[0].receivedAt
        #expect(waited > 18 && waited < 25, "the second attempt came \(waited) s after the first")
        #expect(try server.sample(Self.failedTotal) == "0")
        let why = Self.lines(server.stderr).filter { $0.contains("asks to wait past give_up_after") }
        #expect(why.count == 1, "\(server.stderr)")
        #expect(why.first?.contains("retry_after_seconds=99999999") == true, "\(why)")
        #expect(!server.stderr.contains("giving up"), "\(server.stderr)")
    }
}

import Foundation
import NakerNotify
import Testing

@testable import NakerConfig

struct ReceiverConfigTests {
    static let base = """
        global: { region: Tabalong }
        sources: [{ name: lf, dataset: labour_force, csv: { path: lf.csv } }]

        """

    func parse(_ yaml: String, environment: [String: String] = [:]) throws(ConfigError) -> Config {
        try ConfigParser.parse(
            yaml: Self.base + yaml, baseDirectory: "/etc/naker", environment: environment,
            templates: TemplateCheck())
    }

    func problems(_ yaml: String) -> [ConfigProblem] {
        do {
            _ = try parse(yaml)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func alertmanagerReceiversDecodeAndRulesMayNameThem() throws {
        let config = try parse(
            """
            receivers:
              - name: am
                alertmanager:
                  urls: [http://10.0.0.7:9093/, https://am.example/prefix]
                  timeout: 5s
                  resend_delay: 30s
                  headers: { X-Scope-OrgID: { file: org } }
                  basic_auth: { username: naker, password_file: am_password }
                  ca_file: tls/ca.crt
              - name: leadership
                webhook: { url: "https://gateway.example/hook", max_alerts: 20 }
            notification: { log_retention: 90d }
            alerts:
              - { name: SurveyStale, source: lf, when: source_stale, max_age: 400d, receivers: [am, leadership] }
            """)
        let am = try #require(config.alertmanagers.first)
        #expect(am.urls == ["http://10.0.0.7:9093", "https://am.example/prefix"])
        #expect(am.timeout == .seconds(5) && am.resendDelay == .seconds(30))
        #expect(am.basicAuth?.username == "naker")
        #expect(am.basicAuth?.password.location == .file("/etc/naker/am_password"))
        #expect(am.caFile == "/etc/naker/tls/ca.crt")
        #expect(am.headers["X-Scope-OrgID"]?.location == .file("/etc/naker/org"))
        #expect(config.receivers.map(\.name) == ["leadership"] && config.receivers[0].maxAlerts == 20)
        #expect(config.alerts.first?.receivers == ["am", "leadership"])
        #expect(config.notification.logRetention == .seconds(90 * 86_400))
    }

    @Test func alertmanagerMistakesAreNamed() {
        let found = problems(
            """
            receivers:
              - name: a
                alertmanager: { urls: ["http://user:secret@10.0.0.7:9093"] }
              - name: b
                alertmanager: {}
              - name: c
                webhook: { url: "https://x.example/hook", max_alerts: -1 }
                alertmanager: { urls: [http://10.0.0.7:9093] }
              - name: d
                webhook: { url: "https://x.example/hook", max_alerts: many }
            """
        ).map(\.description)
        #expect(
            found.contains {
                $0.hasPrefix("receivers[0].alertmanager.urls[0]: must not hold a user or password")
            })
        #expect(!found.joined().contains("secret"), "the password is not repeated")
        #expect(found.contains { $0.hasPrefix("receivers[1].alertmanager.urls: is required") })
        #expect(found.contains { $0.hasPrefix("receivers[2]: give webhook or alertmanager, not both") })
        #expect(found.contains { $0.hasPrefix("receivers[3].webhook.max_alerts: must be a whole number") })
    }

    @Test func receiversAndTimersDecode() throws {
        let config = try parse(
            """
            receivers:
              - name: leadership
                webhook:
                  url_file: ${CREDENTIALS_DIRECTORY}/leadership_url
                  headers:
                    Authorization: { file: token }
                    X-Office: Disnaker Tabalong
                  hmac_secret_env: NAKER_HMAC
                  timeout: 5s
                  send_resolved: false
              - name: telegram
                webhook:
                  url_env: NAKER_TELEGRAM_URL
                  format: template
                  template_file: \(ExporterTemplates.telegram)
                  template_variables: { chat_id: "-1001234" }
            notification:
              group_by: [alertname, target]
              group_wait: 10s
              repeat_interval: 24h
              retry: { initial: 2s, max: 1m, give_up_after: 12h }
            """, environment: ["CREDENTIALS_DIRECTORY": "/run/credentials/naker-exporter.service"])
        let leadership = config.receivers[0]
        #expect(leadership.url.location == .file("/run/credentials/naker-exporter.service/leadership_url"))
        #expect(
            leadership.headers.mapValues(\.location) == [
                "Authorization": .file("/etc/naker/token"), "X-Office": .value("Disnaker Tabalong"),
            ])
        #expect(leadership.headers["Authorization"]?.field == "header Authorization")
        #expect(leadership.url.owner == "receiver \"leadership\"")
        #expect(leadership.hmacSecret?.location == .environment("NAKER_HMAC"))
        #expect(leadership.timeout == .seconds(5))
        #expect(!leadership.sendResolved)
        #expect(leadership.format == .alertmanager)
        let telegram = config.receivers[1]
        #expect(
            telegram.format == .template(path: ExporterTemplates.telegram, contentType: nil))
        #expect(telegram.templateVariables == ["chat_id": "-1001234"])
        #expect(telegram.sendResolved)
        #expect(config.notification.groupBy == ["alertname", "target"])
        #expect(config.notification.groupWait == .seconds(10))
        #expect(config.notification.groupInterval == .seconds(300))
        #expect(config.notification.repeatInterval == .seconds(86_400))
        #expect(config.notification.retry.initial == .seconds(2))
        #expect(config.notification.retry.giveUpAfter == .seconds(43_200))
    }

    @Test func aBadUrlIsNamedWithoutShowingIt() {
        let secret = "bot123456:SECRET-TOKEN"
        let found = problems(
            """
            receivers:
              - { name: a, webhook: { url: "ftp://example.invalid/\(secret)" } }
              - { name: b, webhook: { url: "https://x.invalid/\(secret)", url_env: NAKER_URL } }
              - { name: c, webhook: {} }
            """)
        #expect(
            found.map(\.path) == [
                "receivers[0].webhook.url", "receivers[1].webhook", "receivers[2].webhook",
            ], "\(found)")
        #expect(!found.description.contains(secret))
    }

    @Test func templateAndHeaderRules() {
        let found = problems(
            """
            receivers:
              - { name: t, webhook: { url_env: U, format: template } }
              - { name: u, webhook: { url_env: U, format: html } }
              - { name: v, webhook: { url_env: U, headers: { "Bad Header": x, Token: { file: a, env: B } } } }
              - { name: w, webhook: { url_file: "${NOT_SET}/url" } }
            notification: { group_by: [alert-name], retry: { initial: 5m, max: 1m } }
            """)
        #expect(
            found.map(\.path) == [
                "receivers[0].webhook.template_file", "receivers[1].webhook.format",
                "receivers[2].webhook.headers.Bad Header",
                "receivers[2].webhook.headers.Token", "receivers[3].webhook.url_file",
                "notification.group_by",
                "notification.retry.max",
            ], "\(found)")
    }

    @Test func aBrokenTemplateIsAConfigProblem() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("naker-\(UUID()).mustache")
        try "{{#alerts}}unclosed".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let found = problems(
            "receivers: [{ name: t, webhook: { url_env: U, format: template, template_file: \(file.path) } }]"
        )
        #expect(found.map(\.path) == ["receivers[0].webhook.template_file"])
        #expect(found.first?.message.contains(file.path) == true, "\(found)")
    }
}

/// Templates shipped in Config/templates.
enum ExporterTemplates {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/templates")
    static let telegram = directory.appendingPathComponent("telegram.mustache").path
}

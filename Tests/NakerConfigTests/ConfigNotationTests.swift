import NakerNotify
import Testing

@testable import NakerConfig

/// What people write in a config, one table: accepted texts with the value they give, refused
/// texts with the message they get.
struct ConfigNotationTests {
    /// A valid file with the key under test in its target, alert or notification section.
    static func config(target: String = "goal: 10000", alert: String = "", notification: String = "")
        -> String
    {
        """
        global: { region: Tabalong, recalc_interval: 5m }
        sources:
          - { name: wub, dataset: entrepreneurs, csv: { path: wub.csv } }
          - { name: ak1, dataset: job_seekers, csv: { path: ak1.csv } }
          - { name: survey, dataset: labour_force, csv: { path: lf.csv } }
        targets:
          - name: wub
            indicator: entrepreneurs
            start: 2025-01-01
            end: 2029-12-31
            \(target)
          - { name: tpt, indicator: open_unemployment, goal: 0.04, direction: at_most }
        alerts:
          - name: TPTAboveGoal
            target: tpt
            when: beyond_goal
            receivers: [leadership]
            \(alert)
        receivers:
          - { name: leadership, webhook: { url: "http://127.0.0.1:9/hook" } }
        notification:
          group_by: [alertname]
          \(notification)
        """
    }

    static func parse(_ yaml: String) -> Result<Config, ConfigError> {
        do {
            return .success(
                try ConfigParser.parse(
                    yaml: yaml, baseDirectory: "/etc/naker-exporter", templates: TemplateCheck()))
        } catch {
            return .failure(error)
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        var yaml: String
        /// nil: accepted; else the exact message of the one problem, at `path`.
        var path: String
        var message: String?
        var check: @Sendable (Config) -> Bool = { _ in true }
        var description: String { "\(path) \(message ?? "accepted")" }
    }

    static let cases: [Case] = [
        // Count goals: whole numbers; Indonesian thousands dots are refused with the digits to write.
        Case(
            yaml: config(target: "goal: 10000"), path: "targets[0].goal",
            check: { $0.targets[0].goal == 10_000 }),
        Case(
            yaml: config(target: "goal: 10.000"), path: "targets[0].goal",
            message: "\"10.000\" is a decimal number here, not 10000: write 10000 without the thousands dot"),
        Case(
            yaml: config(target: "goal: 2.500"), path: "targets[0].goal",
            message: "\"2.500\" is a decimal number here, not 2500: write 2500 without the thousands dot"),
        Case(
            yaml: config(target: "goal: 1.250.000"), path: "targets[0].goal",
            message:
                "\"1.250.000\" is a decimal number here, not 1250000: write 1250000 without the thousands dot"
        ),
        Case(
            yaml: config(target: "goal: 2.5"), path: "targets[0].goal",
            message: "\"2.5\" must be a whole number up to 1000000000000; write e.g. 10000"),
        Case(
            yaml: config(target: "goal: 1e19"), path: "targets[0].goal",
            message: "\"1e19\" must be a whole number up to 1000000000000; write e.g. 10000"),
        Case(
            yaml: config(target: "goal: 0x10"), path: "targets[0].goal",
            message: "\"0x10\" is not a number; write digits with a dot for decimals, e.g. 10000 or 0.04"),
        Case(
            yaml: config(target: "goal: 10_000"), path: "targets[0].goal",
            message: "\"10_000\" is not a number; write digits with a dot for decimals, e.g. 10000 or 0.04"),
        Case(
            yaml: config(target: "goal: .inf"), path: "targets[0].goal",
            message: "\".inf\" is not a number; write digits with a dot for decimals, e.g. 10000 or 0.04"),
        Case(yaml: config(target: "goal: 0"), path: "targets[0].goal", message: "must be greater than 0"),
        Case(
            yaml: config(target: "goal: 10000\n    milestones: { 2026-12-31: 2.000 }"),
            path: "targets[0].milestones.2026-12-31",
            message: "\"2.000\" is a decimal number here, not 2000: write 2000 without the thousands dot"),
        // Mustache keys in annotations are checked against what an alert provides.
        Case(
            yaml: config(alert: "annotations: { summary: \"TPT {{value_text}} {{nope.nope}}\" }"),
            path: "alerts[0].annotations.summary",
            message: "unknown key {{nope.nope}}; annotations can use the keys of docs/notifications.md"),
        Case(
            yaml: config(alert: "annotations: { summary: \"{{target.description}} {{labels.team}}\" }"),
            path: "alerts[0].annotations.summary", check: { $0.alerts[0].annotations.count == 1 }),
        // Durations: zero where it makes sense, "greater than 0" where it does not.
        Case(yaml: config(alert: "for: 0s"), path: "alerts[0].for", check: { $0.alerts[0].forSeconds == 0 }),
        Case(yaml: config(alert: "for: 0"), path: "alerts[0].for", check: { $0.alerts[0].forSeconds == 0 }),
        Case(
            yaml: config(alert: "keep_firing_for: 0s"), path: "alerts[0].keep_firing_for",
            check: { $0.alerts[0].keepFiringForSeconds == 0 }),
        Case(
            yaml: config(alert: "for: 1h30m"), path: "alerts[0].for",
            check: { $0.alerts[0].forSeconds == 5_400 }),
        Case(
            yaml: config(alert: "for: soon"), path: "alerts[0].for",
            message: "\"soon\" is not a duration; write e.g. 0s, 90s, 5m, 1h or 730d"),
        Case(
            yaml: config(alert: "for: 5000000000000000000ms5000000000000000000ms"), path: "alerts[0].for",
            message:
                "\"5000000000000000000ms5000000000000000000ms\" is not a duration; write e.g. 0s, 90s, 5m, 1h or 730d"
        ),
        Case(
            yaml: config(notification: "group_wait: 0s"), path: "notification.group_wait",
            check: { $0.notification.groupWait == .zero }),
        Case(
            yaml: config(notification: "group_interval: 0s"), path: "notification.group_interval",
            message: "must be greater than 0; write e.g. 90s, 5m or 1h"),
        Case(
            yaml: config(notification: "repeat_interval: 0"), path: "notification.repeat_interval",
            message: "must be greater than 0; write e.g. 90s, 5m or 1h"),
        Case(
            yaml: config(notification: "retry: { initial: 0s }"), path: "notification.retry.initial",
            message: "must be greater than 0; write e.g. 90s, 5m or 1h"),
        Case(
            yaml: config(notification: "group_interval: 5 minutes"), path: "notification.group_interval",
            message: "\"5 minutes\" is not a duration; write e.g. 90s, 5m, 1h or 730d"),
    ]

    @Test(arguments: cases)
    func notation(_ example: Case) throws {
        switch Self.parse(example.yaml) {
        case .success(let config):
            #expect(example.message == nil, "accepted, but expected: \(example.message ?? "")")
            #expect(example.check(config))
        case .failure(let error):
            #expect(error.problems.map(\.path) == [example.path], "\(error.problems)")
            #expect(error.problems.first?.message == example.message)
        }
    }

    @Test(arguments: [
        ("0d", "must be greater than 0; write e.g. 730d"), ("0", "must be greater than 0; write e.g. 730d"),
    ])
    func cardValidityMustBeGreaterThanZero(text: String, message: String) {
        let yaml = Self.config().replacingOccurrences(
            of: "{ name: ak1, dataset: job_seekers, csv: { path: ak1.csv } }",
            with: "{ name: ak1, dataset: job_seekers, csv: { path: ak1.csv }, validity: \(text) }")
        guard case .failure(let error) = Self.parse(yaml) else {
            Issue.record("validity: \(text) was accepted")
            return
        }
        #expect(error.problems.map(\.message) == [message])
        #expect(error.problems.map(\.path) == ["sources[1].validity"])
    }

    @Test func globalRecalcIntervalMustBeGreaterThanZero() {
        let yaml = Self.config().replacingOccurrences(of: "recalc_interval: 5m", with: "recalc_interval: 0s")
        guard case .failure(let error) = Self.parse(yaml) else {
            Issue.record("recalc_interval: 0s was accepted")
            return
        }
        #expect(error.problems.map(\.message) == ["must be greater than 0; write e.g. 90s, 5m or 1h"])
    }

    @Test(arguments: [
        ("entrepreneurs", "start: 2025-01-01\n    end: 2029-12-31\n    goal: 100", "wub", "entrepreneurs"),
        ("trainees", "start: 2025-01-01\n    end: 2029-12-31\n    goal: 100", "wub", "trainees"),
        ("job_seekers_active", "goal: 100", "ak1", "job_seekers"),
        ("unemployment_proxy", "goal: 0.01", "ak1", "job_seekers"),
        ("open_unemployment", "goal: 0.04", "survey", "labour_force"),
    ])
    func aTargetWithoutASourceOfItsDatasetIsRefused(
        indicator: String, keys: String, removedSource: String, dataset: String
    ) {
        var lines = """
            global: { region: Tabalong }
            sources:
              - { name: wub, dataset: entrepreneurs, csv: { path: wub.csv } }
              - { name: ak1, dataset: job_seekers, csv: { path: ak1.csv } }
              - { name: survey, dataset: labour_force, csv: { path: lf.csv } }
            targets:
              - name: t
                indicator: \(indicator)
                \(keys)
            """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.contains("name: \(removedSource),") }
        if indicator == "trainees" { lines.removeAll { $0.contains("dataset: trainees") } }
        guard case .failure(let error) = Self.parse(lines.joined(separator: "\n")) else {
            Issue.record("a \(indicator) target without a \(dataset) source was accepted")
            return
        }
        #expect(
            error.problems.map(\.message) == [
                "target t (\(indicator)) needs a source of dataset \(dataset); add one under sources: with `dataset: \(dataset)`"
            ])
        #expect(error.problems.map(\.path) == ["targets[0].indicator"])
    }
}

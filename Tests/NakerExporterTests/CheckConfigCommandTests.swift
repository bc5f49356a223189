import Foundation
import Testing

struct CheckConfigCommandTests {
    @Test func exampleConfigIsValid() throws {
        let output = try ExporterProcess.exporter([
            "check-config", "--config.file=\(OnceCommandTests.config)",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("valid (4 sources, 9 targets, 6 alerts, 1 receiver)"))
        // Every sample file is there; only the webhook URL, a secret, is left to the admin.
        #expect(
            output.stderr.split(separator: "\n") == [
                "warning: receivers[0].webhook.url_file: \(ExporterProcess.path("Config/credentials/leadership_url")) is not readable yet; deliveries to leadership will retry until it is"
            ])
    }

    @Test func threeMistakesAreAllNamedAndExitOne() throws {
        let example = try String(contentsOfFile: OnceCommandTests.config, encoding: .utf8)
        let broken =
            example
            .replacingOccurrences(of: "dataset: trainees ", with: "dataset: trainee ")
            .replacingOccurrences(of: "goal: 0.72 ", with: "goal: 72 ")
            .replacingOccurrences(
                of: "    direction: at_least         # higher is better (the default)",
                with: "    direction: at-least")
        #expect(broken != example)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("naker-check-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yml")
        try broken.write(to: file, atomically: true, encoding: .utf8)

        let output = try ExporterProcess.exporter(["check-config", "--config.file=\(file.path)"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "config file \(file.path) has 3 problems:", "\(output.stderr)")
        #expect(
            lines.contains {
                $0.contains("sources[3].dataset: unknown dataset \"trainee\"; write one of")
                    && $0.contains("(line ")
            })
        #expect(
            lines.contains { $0.contains("targets[2].goal: ratios are written 0–1: for 72 % write 0.72") })
        #expect(
            lines.contains {
                $0.contains(
                    "targets[0].direction: \"at-least\" is not a direction; write at_least or at_most")
            })
    }

    @Test func missingFileExitsOneWithThePath() throws {
        let output = try ExporterProcess.exporter(["check-config", "--config.file=/nonexistent/naker.yml"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("/nonexistent/naker.yml: no such file"))
    }

    /// The example config with one edit, checked by the binary.
    static func check(_ edit: (String) throws -> String) throws -> ExporterProcess.Output {
        let example = try String(contentsOfFile: OnceCommandTests.config, encoding: .utf8)
        let edited = try edit(example)
        #expect(edited != example, "the edit applies")
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        try sandbox.write(edited, to: "naker-exporter.yml")
        return try ExporterProcess.exporter(["check-config", "--config.file=\(sandbox.configPath)"])
    }

    @Test func indonesianThousandsInAGoalGetTheDigitsToWrite() throws {
        let output = try Self.check { example in
            let line = "    goal: 10000                 # entrepreneurs to register over the term\n"
            let first = try #require(example.range(of: line))
            return example.replacingCharacters(in: first, with: "    goal: 10.000\n")
        }
        #expect(output.status == 1)
        #expect(
            output.stderr.contains(
                "targets[0].goal: \"10.000\" is a decimal number here, not 10000: write 10000 without the thousands dot"
            ),
            "\(output.stderr)")
        // The target exists; only its goal is wrong, so its alert rule is not refused as well.
        #expect(!output.stderr.contains("no target is named"), "\(output.stderr)")
        #expect(output.stderr.contains("has 1 problem:"), "\(output.stderr)")
    }

    @Test func zeroGroupWaitIsValid() throws {
        let output = try Self.check {
            $0.replacingOccurrences(of: "  group_wait: 30s ", with: "  group_wait: 0s ")
        }
        #expect(output.status == 0, "\(output.stderr)")
    }

    @Test func aTargetWithoutItsDatasetNamesTheDatasetToAdd() throws {
        // Without the survey source, four targets (TPT, TPAK, the proxy, TPT 2029) lack labour_force.
        let output = try Self.check { example in
            var lines = example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = try #require(lines.firstIndex { $0.hasPrefix("  - name: sakernas") })
            let end = try #require(lines[(start + 1)...].firstIndex { $0.hasPrefix("  - name: ") })
            lines.removeSubrange(start..<end)
            return lines.joined(separator: "\n")
        }
        #expect(output.status == 1)
        let problems = output.stderr.split(separator: "\n").filter {
            $0.contains("needs a source of dataset")
        }
        #expect(problems.count == 4, "\(output.stderr)")
        #expect(
            problems.contains {
                $0.contains(
                    "target tpt_2024 (open_unemployment) needs a source of dataset labour_force; add one under sources: with `dataset: labour_force`"
                )
            }, "\(output.stderr)")
    }

    /// A DSN file that is missing, or holds what its driver cannot read, is an error; the message
    /// names the key and never the DSN (which may hold a password).
    @Test func databaseSourcesWhoseDSNCannotBeUsedAreNamed() throws {
        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        try sandbox.write("mysql://reader@127.0.0.1/naker?ssl-mode=sometimes\n", to: "mysql.dsn")
        try sandbox.write("host=127.0.0.1 password=Pq-s3cret colour=blue\n", to: "pg.dsn")
        try sandbox.write("postgresql://reader:Pq-s3cret@127.0.0.1/naker\n", to: "wrong-driver.dsn")
        try sandbox.write(
            """
            global: { region: Tabalong, timezone: Asia/Makassar }
            sources:
              - { name: a, dataset: entrepreneurs, sql: { driver: postgresql, dsn_file: missing.dsn, table: wub } }
              - { name: b, dataset: entrepreneurs, sql: { driver: mysql, dsn_file: mysql.dsn, table: wub } }
              - { name: c, dataset: entrepreneurs, sql: { driver: postgresql, dsn_file: pg.dsn, table: wub } }
              - { name: d, dataset: entrepreneurs, sql: { driver: mysql, dsn_file: wrong-driver.dsn, table: wub } }
              - { name: e, dataset: entrepreneurs, sql: { driver: postgresql, dsn_env: NAKER_UNSET_DSN, table: wub } }

            """, to: "naker-exporter.yml")
        let output = try ExporterProcess.exporter(["check-config", "--config.file=\(sandbox.configPath)"])
        #expect(output.status == 1)
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "sources[0].sql.dsn_file: source 'a': cannot read the dsn from the file \(sandbox.path("missing.dsn")) "
                    + "(No such file or directory); create the file, make it readable by the service user, "
                    + "or fix the path in the config"), "\(output.stderr)")
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "sources[1].sql.dsn_file: the mysql DSN cannot be used: unknown ssl-mode SOMETIMES")
            }, "\(output.stderr)")
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "sources[2].sql.dsn_file: the postgresql DSN cannot be used: invalid connection option")
                    && $0.contains("colour")
            }, "\(output.stderr)")
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "sources[3].sql.dsn_file: the mysql DSN cannot be used: it must start with mysql://")
            }, "\(output.stderr)")
        // The service's environment may set the variable: a warning only.
        #expect(
            lines.contains {
                $0.hasPrefix("warning: sources[4].sql.dsn_env: NAKER_UNSET_DSN is not set here")
            })
        #expect(!output.stderr.contains("Pq-s3cret"))
    }
}

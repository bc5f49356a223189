import Foundation
import Testing

/// `sql:` sources against real servers of their own (scripts/test-databases): a database that
/// dies mid-run, and the DSN's password kept out of every output.
@Suite struct DatabaseSourceTests {
    /// Servers only this test kills.
    final class Databases {
        let directory: String

        init() throws {
            directory = NSTemporaryDirectory() + "naker-db-\(UUID().uuidString.prefix(8))"
            try Self.script(["start", directory])
        }

        deinit {
            _ = try? Self.script(["stop", directory])
        }

        @discardableResult
        static func script(_ arguments: [String]) throws -> ExporterProcess.Output {
            let output = try ExporterProcess.run(
                ExporterProcess.path("scripts/test-databases"), arguments, timeout: .seconds(120))
            try #require(output.status == 0, "test-databases \(arguments): \(output.stderr)")
            return output
        }

        func environment(_ key: String) throws -> String {
            let text = try String(contentsOfFile: directory + "/env", encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(key + "=") })
            return String(line.dropFirst(key.count + 1))
        }
    }

    @Test(arguments: ["postgresql", "mysql"])
    func aDatabaseThatDiesKeepsTheLastGoodDataAndRecovers(driver: String) throws {
        let databases = try Databases()
        let server = driver == "postgresql" ? "postgresql" : "mariadb"
        let loaded = try ExporterProcess.run(
            ExporterProcess.path("scripts/load-into-database"),
            [
                "--driver", driver, "--dsn-file", databases.directory + "/\(driver)-loader.dsn",
                ExporterProcess.path("Tests/Fixtures/registries/entrepreneurs.csv"),
            ])
        try #require(loaded.status == 0, "\(loaded.stderr)")
        let password = try databases.environment(
            driver == "postgresql" ? "PG_READER_PASSWORD" : "MARIADB_READER_PASSWORD")
        let wrong = "Wr0ng-\(password.prefix(6))-secret"
        let port = try databases.environment(driver == "postgresql" ? "PG_PORT" : "MARIADB_PORT")

        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        try sandbox.write(
            """
            global: { region: Tabalong, timezone: Asia/Makassar, recalc_interval: 2s }
            sources:
              - name: wub
                dataset: entrepreneurs
                sql: { driver: \(driver), dsn_file: \(databases.directory)/\(driver)-reader.dsn, table: entrepreneurs }
              - name: wrong_password
                dataset: entrepreneurs
                sql: { driver: \(driver), dsn_env: NAKER_WRONG_DSN, table: entrepreneurs }

            """, to: "naker-exporter.yml")
        let exporter = try ServerProcess(
            sandbox,
            environment: ["NAKER_WRONG_DSN": "\(driver)://naker_reader:\(wrong)@127.0.0.1:\(port)/naker"],
            ready: false)
        defer { exporter.stop() }
        #expect(
            eventually(timeout: .seconds(60)) {
                (try? exporter.sample("naker_source_up{source=\"wub\"}")) == "1"
            },
            "\(exporter.stderr)")
        // The fixture's entrepreneurs: 21 counted, 8 rejected, as from the CSV.
        #expect(try exporter.sample("naker_source_rows{source=\"wub\"}") == "21")
        #expect(try exporter.sample("naker_source_rejected_rows{source=\"wub\"}") == "8")
        #expect(try exporter.sample("naker_source_up{source=\"wrong_password\"}") == "0")
        #expect(
            try exporter.sample(#"naker_entrepreneurs{area="Haruai",programme="bengkel-sahabat"}"#) == "3")

        try Databases.script(["stop-\(server)", databases.directory])
        #expect(
            eventually(timeout: .seconds(60)) {
                (try? exporter.sample("naker_source_up{source=\"wub\"}")) == "0"
            },
            "\(exporter.stderr)")
        // The last good data stays served.
        #expect(try exporter.sample("naker_source_rows{source=\"wub\"}") == "21")
        let haruai = #"naker_entrepreneurs{area="Haruai",programme="bengkel-sahabat"}"#
        #expect(try exporter.sample(haruai) == "3")
        #expect(exporter.stderr.contains("cannot connect to the \(driver) database"), "\(exporter.stderr)")

        try Databases.script(["start-\(server)", databases.directory])
        #expect(
            eventually(timeout: .seconds(60)) {
                (try? exporter.sample("naker_source_up{source=\"wub\"}")) == "1"
            },
            "\(exporter.stderr)")

        // Neither password, right or wrong, leaves the process.
        let outputs = [
            exporter.stderr, try exporter.metrics(), try exporter.get("/").text,
            try exporter.get("/api/v1/status").text,
        ]
        for text in outputs {
            #expect(!text.contains(password))
            #expect(!text.contains(wrong))
        }
        #expect(exporter.stderr.contains("source 'wrong_password'"), "the failed login is logged")
    }

    /// The worked example of docs/configuration.md ("Databases"): the sample loaded with typed
    /// columns (DATE, INTEGER) by scripts/load-into-database gives the CSV files' output.
    @Test(arguments: ["postgresql", "mysql", "sqlite"])
    func theSampleInADatabaseGivesTheSameOutput(driver: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.delete() }
        let prefix = "sample_\(getpid())_"
        let target: [String]
        let location: String
        if driver == "sqlite" {
            target = ["--database", sandbox.path("sample/tabalong.sqlite")]
            location = "driver: sqlite, dsn: sample/tabalong.sqlite"
        } else {
            let servers = try #require(
                ProcessInfo.processInfo.environment["NAKER_TEST_DATABASES"],
                "run the tests through `make test`, which starts the servers")
            target = ["--dsn-file", "\(servers)/\(driver)-loader.dsn"]
            location = "driver: \(driver), dsn_file: \(servers)/\(driver)-reader.dsn"
        }
        let datasets = ["labour_force", "job_seekers", "entrepreneurs", "trainees"]
        let loaded = try ExporterProcess.run(
            ExporterProcess.path("scripts/load-into-database"),
            ["--driver", driver] + target + ["--types", "typed", "--prefix", prefix]
                + datasets.map { sandbox.path("sample/\($0).csv") })
        try #require(loaded.status == 0, "\(loaded.stderr)")
        let blocks = Dictionary(
            uniqueKeysWithValues: datasets.map {
                ("\($0).csv", "sql: { \(location), table: \(prefix)\($0) }")
            })
        try sandbox.write(try OnceCommandTests.sampleConfig(in: sandbox, sources: blocks), to: "database.yml")
        try OnceCommandTests.expectSameOutput(sandbox, "database.yml")
    }

    /// `sslmode=verify-full` and `ssl-mode=VERIFY_IDENTITY` check the server's certificate: the
    /// test servers' own CA lets the load through, a CA that did not sign it does not.
    @Test(arguments: ["postgresql", "mysql"])
    func tlsVerificationRefusesAServerItCannotVerify(driver: String) throws {
        let servers = try #require(
            ProcessInfo.processInfo.environment["NAKER_TEST_DATABASES"],
            "run the tests through `make test`, which starts the servers")
        let sandbox = try Sandbox(withSample: false)
        defer { sandbox.delete() }
        let made = try ExporterProcess.run(
            "/usr/bin/env",
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                "/CN=Not the test CA", "-keyout", sandbox.path("other-ca.key"), "-out",
                sandbox.path("other-ca.pem"),
            ])
        try #require(made.status == 0, "\(made.stderr)")
        let verified = try String(contentsOfFile: "\(servers)/\(driver)-reader-tls.dsn", encoding: .utf8)
        try #require(verified.contains("\(servers)/ca.pem"))
        try sandbox.write(
            verified.replacingOccurrences(of: "\(servers)/ca.pem", with: sandbox.path("other-ca.pem")),
            to: "other-ca.dsn")
        let loaded = try ExporterProcess.run(
            ExporterProcess.path("scripts/load-into-database"),
            [
                "--driver", driver, "--dsn-file", "\(servers)/\(driver)-loader.dsn", "--prefix",
                "tls_\(getpid())_",
                ExporterProcess.path("Tests/Fixtures/registries/entrepreneurs.csv"),
            ])
        try #require(loaded.status == 0, "\(loaded.stderr)")
        try sandbox.write(
            """
            global: { region: Tabalong, timezone: Asia/Makassar }
            sources:
              - { name: verified, dataset: entrepreneurs, sql: { driver: \(driver), dsn_file: \(servers)/\(driver)-reader-tls.dsn, table: tls_\(getpid())_entrepreneurs } }
              - { name: other_ca, dataset: entrepreneurs, sql: { driver: \(driver), dsn_file: other-ca.dsn, table: tls_\(getpid())_entrepreneurs } }

            """, to: "naker-exporter.yml")
        let output = try ExporterProcess.exporter([
            "once", "--config.file=\(sandbox.configPath)", "--at=2026-11-30",
        ])
        #expect(ExporterProcess.sample(#"naker_source_up{source="verified"}"#, in: output.stdout) == "1")
        #expect(ExporterProcess.sample(#"naker_source_up{source="other_ca"}"#, in: output.stdout) == "0")
        #expect(output.stderr.contains("source 'other_ca'") || output.stderr.contains("source=other_ca"))
        #expect(output.stderr.lowercased().contains("certificate"), "\(output.stderr)")
    }
}

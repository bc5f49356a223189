import CSQLite
import Foundation
import Logging
import NakerConfig
import NakerCore
import NakerTestSupport
import Testing

@testable import NakerSources

/// `sql:` sources through the loader, on SQLite databases the tests write: the row
/// rules counted by the database, the earliest-dated row of an id, failures that keep nothing,
/// and the unchanged-database skip. The servers are exercised in NakerExporterTests.
@Suite struct SQLSourceLoadTests {
    /// A SQLite database with an `entrepreneurs` table holding `rows` (nil is NULL).
    static func database(_ rows: [[String?]], in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("registries.db")
        let values = rows.map { row in
            "("
                + row.map { $0.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL" }
                .joined(separator: ", ") + ")"
        }
        let script = """
            CREATE TABLE IF NOT EXISTS entrepreneurs (id TEXT, registered_on TEXT, area TEXT, programme TEXT, sector TEXT, status TEXT);
            INSERT INTO entrepreneurs VALUES \(values.joined(separator: ",\n"));
            """
        // Written with the C library in process: a child process (Python's sqlite3) would block
        // a test thread while it runs.
        var database: OpaquePointer?
        try #require(
            sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK)
        defer { sqlite3_close(database) }
        try #require(sqlite3_exec(database, script, nil, nil, nil) == SQLITE_OK)
        return path
    }

    static func source(
        _ path: String, _ relation: SQLLocation.Relation = .table("entrepreneurs"),
        timeout: Duration = .seconds(30)
    )
        -> SourceConfig
    {
        SourceConfig(
            name: "wub", dataset: .entrepreneurs,
            location: .sql(SQLLocation(driver: .sqlite, database: .file(path), relation: relation)),
            timeout: timeout)
    }

    @Test func theDatabaseCountsRowsPerRuleAndTheEarliestDatedRowOfAnIDCounts() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.database(
            [
                ["WUB-1", "2024-03-05", "Tanjung", "bengkel-sahabat", "kuliner", "aktif"],
                // Listed later but dated earlier: this one counts.
                ["WUB-1", "2024-01-10", "Haruai", "bengkel-sahabat", "kuliner", "aktif"],
                ["WUB-2", "2024-02-01", "", "bengkel-sahabat", "kuliner", "aktif"],
                ["WUB-3", "2024-13-01", "Tanjung", "bengkel-sahabat", "kuliner", "aktif"],
                [nil, "2024-02-02", "Tanjung", "bengkel-sahabat", "kuliner", "aktif"],
                ["WUB-4", "2024-02-03", " Tanjung ", "bengkel-sahabat", "jasa", "aktif"],
            ], in: directory)
        let (logger, store) = CapturingLogHandler.logger()
        var loader = SourceLoader(logger: logger)
        let load = try loader.load(Self.source(path))
        #expect(load.acceptedRows == 2)
        #expect(load.rejectedRows == 4)
        guard case .entrepreneurs(let records) = load.data else {
            Issue.record("not entrepreneurs")
            return
        }
        #expect(records.total == 2)
        // Values are trimmed as a CSV's are; WUB-1 counts in Haruai, where it was first registered.
        let areas = Set(records.groups.indices.map { records.value(of: .area, inGroup: $0) })
        #expect(areas == ["Haruai", "Tanjung"])
        // One log line per rule: a missing id and a missing area are two rules of the same code.
        let rules = store.all.filter { $0.message == "source rows rejected by rule" }
            .map { "\($0.metadata["rule"] ?? "?")=\($0.metadata["rows"] ?? "?")" }
        #expect(rules.sorted() == ["bad_date=1", "duplicate_id=1", "missing=1", "missing=1"])
        let missing = store.all.filter { $0.metadata["rule"] == "missing" }.compactMap {
            $0.metadata["reason"]
        }
        #expect(
            missing.contains { $0.contains("id") } && missing.contains { $0.contains("area") }, "\(missing)")
    }

    @Test func aMissingTableOrColumnFailsTheLoadWithTheName() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.database(
            [["WUB-1", "2024-03-05", "Tanjung", "bengkel-sahabat", "kuliner", "aktif"]], in: directory)
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        #expect {
            try loader.load(Self.source(path, .table("wub")))
        } throws: { error in
            "\(error)".contains("no such table: wub")
        }
        var mapped = Self.source(path)
        mapped.columns = ["area": "kecamatan"]
        #expect(
            throws: SourceLoadError.database(
                source: "wub",
                .missingColumn(relation: "table entrepreneurs", column: "area", name: "kecamatan"))
        ) {
            try loader.load(mapped)
        }
    }

    @Test func aQueryPastTheTimeoutIsStopped() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.database(
            [["WUB-1", "2024-03-05", "Tanjung", "bengkel-sahabat", "kuliner", "aktif"]], in: directory)
        // Ten billion generated rows: only the deadline ends it.
        let endless = """
            WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000000000)
            SELECT 'WUB-' || x AS id, '2024-01-01' AS registered_on, 'Tanjung' AS area,
              'bengkel-sahabat' AS programme, 'kuliner' AS sector, 'aktif' AS status FROM n
            """
        var loader = SourceLoader(logger: CapturingLogHandler.silent)
        let started = ContinuousClock.now
        #expect(throws: SourceLoadError.database(source: "wub", .deadlineExceeded(driver: "sqlite"))) {
            try loader.load(Self.source(path, .query(endless), timeout: .milliseconds(500)))
        }
        // Stopped by the deadline, not by running out of rows: well before ten billion.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func anUnchangedDatabaseIsNotAggregatedAgain() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.database(
            [["WUB-1", "2024-03-05", "Tanjung", "bengkel-sahabat", "kuliner", "aktif"]], in: directory)
        var loader = SourceLoader(logger: CapturingLogHandler.silent, settleTime: .zero)
        let first = try loader.load(Self.source(path))
        let second = try loader.load(Self.source(path))
        #expect(!first.reusedUnchangedFile)
        #expect(second.reusedUnchangedFile)
        #expect(second.acceptedRows == 1)

        // Another writer adds a row: aggregated again.
        _ = try Self.database(
            [["WUB-2", "2024-03-06", "Haruai", "bengkel-sahabat", "kuliner", "aktif"]], in: directory)
        let third = try loader.load(Self.source(path))
        #expect(!third.reusedUnchangedFile)
        #expect(third.acceptedRows == 2)
    }
}

import Logging
import NakerConfig
import NakerCore

/// What a database says about itself that changes whenever its data may have (README,
/// "Databases"): equal tokens mean the aggregation would give the same answer.
struct SQLChangeToken: Hashable, Sendable {
    var value: String
    /// MariaDB's uptime: a restart resets the row counters the value is made of.
    var uptime: Int?

    func unchanged(since previous: SQLChangeToken) -> Bool {
        guard value == previous.value else { return false }
        guard let uptime, let before = previous.uptime else { return uptime == nil && previous.uptime == nil }
        return uptime >= before
    }
}

extension SourceLoader {
    mutating func loadSQL(_ source: SourceConfig, _ location: SQLLocation, deadline: ContinuousClock.Instant)
        throws -> SourceLoad
    {
        do throws(SQLError) {
            return try aggregate(source, location, deadline: deadline)
        } catch {
            throw SourceLoadError.database(source: source.name, error)
        }
    }

    private mutating func aggregate(
        _ source: SourceConfig, _ location: SQLLocation, deadline: ContinuousClock.Instant
    )
        throws(SQLError) -> SourceLoad
    {
        var metadata: Logger.Metadata = [
            "source": .string(source.name), "driver": .string(location.driver.rawValue),
        ]
        do {
            let connection = try Self.connect(location, deadline: deadline)
            let dialect = SQLDialect(driver: location.driver)
            _ = try connection.rows(dialect.beginReadOnly)
            // Read before the aggregation: a write in between then shows as a change next time.
            let token = try Self.changeToken(connection, location, settleTime: settleTime)
            if let token, let cached = cache, cached.source == source, let previous = cached.change,
                token.unchanged(since: previous)
            {
                logger.debug("source database unchanged, reusing last load", metadata: metadata)
                var reused = cached.load
                reused.reusedUnchangedFile = true
                return reused
            }
            let available = try connection.columnNames(
                SQLAggregation.probe(location.relation, dialect: dialect))
            let aggregation = try SQLAggregation(source: source, location: location, available: available)
            let rows = try connection.rows(aggregation.query)
            let result = try aggregation.decode(rows)
            _ = try? connection.rows("ROLLBACK")
            let rejected = result.rejected.values.reduce(0, +)
            let load = SourceLoad(
                name: source.name, data: result.data, acceptedRows: result.accepted, rejectedRows: rejected,
                fingerprint: FileFingerprint(
                    size: 0, device: 0, inode: 0, modifiedNanoseconds: 0, changedNanoseconds: 0),
                reusedUnchangedFile: false)
            // A database row has no line: rejections are counted per rule.
            for (reason, count) in result.rejected.sorted(by: { $0.key.code < $1.key.code }) {
                logger.warning(
                    "source rows rejected by rule",
                    metadata: metadata.merging(
                        [
                            "rule": .string(reason.code), "rows": .stringConvertible(count),
                            "reason": .string(reason.description),
                        ]
                    ) { $1 })
            }
            metadata["accepted"] = .stringConvertible(result.accepted)
            metadata["rejected"] = .stringConvertible(rejected)
            metadata["result_rows"] = .stringConvertible(rows.count)
            logger.info("source loaded", metadata: metadata)
            cache = CachedLoad(source: source, load: load, settled: true, resume: nil, change: token)
            return load
        }
    }

    static func connect(_ location: SQLLocation, deadline: ContinuousClock.Instant) throws(SQLError)
        -> any SQLConnection
    {
        switch location.database {
        case .file(let path):
            return try SQLiteConnection(path: path, deadline: deadline)
        case .server(let reference):
            let dsn: String
            do {
                dsn = try reference.resolve()
            } catch {
                throw .secret(error)
            }
            switch location.driver {
            case .postgresql: return try PostgreSQLConnection(dsn: dsn, deadline: deadline)
            case .mysql: return try MariaDBConnection(dsn: dsn, deadline: deadline)
            case .sqlite: return try SQLiteConnection(path: dsn, deadline: deadline)
            }
        }
    }

    /// PostgreSQL: the WAL position (any committed write moves it). MariaDB: InnoDB's row
    /// counters, for an InnoDB table. SQLite: the database and WAL files' fingerprints, once
    /// settled. nil: the database cannot tell, so the aggregation runs.
    static func changeToken(_ connection: any SQLConnection, _ location: SQLLocation, settleTime: Duration)
        throws(SQLError)
        -> SQLChangeToken?
    {
        switch location.driver {
        case .postgresql:
            let rows = try connection.rows(
                "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text ELSE pg_current_wal_lsn()::text END"
            )
            return (rows.first?.first ?? nil).map { SQLChangeToken(value: $0) }
        case .mysql:
            guard case .table(let name) = location.relation else { return nil }
            let parts = name.split(separator: ".").map(String.init)
            let table = parts.last ?? name
            let schema = parts.count == 2 ? "'\(parts[0])'" : "DATABASE()"
            let rows = try connection.rows(
                """
                SELECT (SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = \(schema) AND TABLE_NAME = '\(table)'),
                (SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME) FROM information_schema.GLOBAL_STATUS
                  WHERE VARIABLE_NAME IN ('INNODB_ROWS_INSERTED', 'INNODB_ROWS_UPDATED', 'INNODB_ROWS_DELETED')),
                (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME')
                """)
            guard let row = rows.first, row.count == 3, row[0] == "InnoDB", let counters = row[1],
                let uptime = row[2].flatMap({ Int($0) })
            else { return nil }
            return SQLChangeToken(value: counters, uptime: uptime)
        case .sqlite:
            guard case .file(let path) = location.database, let main = try? FileFingerprint(path: path) else {
                return nil
            }
            let now = FileFingerprint.wallClockNanoseconds()
            let wal = try? FileFingerprint(path: path + "-wal")
            // A file changed within the last seconds may change again without its fingerprint moving.
            guard main.isSettled(now: now, settleTime: settleTime),
                wal?.isSettled(now: now, settleTime: settleTime) ?? true
            else { return nil }
            return SQLChangeToken(value: "\(main)|\(wal.map { "\($0)" } ?? "-")")
        }
    }
}

import CLibPQ
import Foundation

/// A libpq session. The DSN is handed to libpq as is (a `postgresql://` URL or `key=value`
/// pairs, `sslmode=verify-full` and the rest of libpq's options included); the exporter adds a
/// connect timeout and session settings: read-only transactions and a statement timeout, both
/// from the load's deadline, and ISO dates (a `date` column then reads as `YYYY-MM-DD` whatever
/// the server's DateStyle).
final class PostgreSQLConnection: SQLConnection {
    private let connection: OpaquePointer
    private let secrets: [String]

    init(dsn: String, deadline: ContinuousClock.Instant) throws(SQLError) {
        let remaining = Self.milliseconds(until: deadline)
        secrets = [dsn] + ((try? DatabaseURL(dsn, driver: "postgresql"))?.password.map { [$0] } ?? [])
        let keywords = [
            "dbname", "connect_timeout", "options", "application_name", "fallback_application_name",
        ]
        let values = [
            dsn, String(max(2, remaining / 1000)),
            "-c default_transaction_read_only=on -c statement_timeout=\(max(1, remaining)) -c DateStyle=ISO",
            "naker-exporter",
            "naker-exporter",
        ]
        let opened = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let opened else { throw .connect(driver: "postgresql", reason: "out of memory") }
        guard PQstatus(opened) == CONNECTION_OK else {
            let reason = SQLRedaction.redact(String(cString: PQerrorMessage(opened)), hiding: secrets)
            PQfinish(opened)
            throw .connect(driver: "postgresql", reason: reason)
        }
        connection = opened
    }

    deinit {
        PQfinish(connection)
    }

    /// libpq's own reading of the DSN, without connecting.
    static func check(dsn: String) throws(SQLError) {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(dsn, &message) else {
            let reason = message.map { String(cString: $0) } ?? "libpq cannot read it"
            if let message { PQfreemem(message) }
            let password = (try? DatabaseURL(dsn, driver: "postgresql"))?.password
            throw .badDSN(
                driver: "postgresql",
                reason: SQLRedaction.redact(reason, hiding: [dsn] + (password.map { [$0] } ?? [])))
        }
        PQconninfoFree(options)
    }

    func rows(_ sql: String) throws(SQLError) -> [[String?]] {
        guard let result = PQexec(connection, sql) else {
            throw .query(driver: "postgresql", reason: "no result (connection lost)")
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK:
            let columns = PQnfields(result)
            return (0..<PQntuples(result)).map { row in
                (0..<columns).map { column in
                    PQgetisnull(result, row, column) == 1
                        ? nil : String(cString: PQgetvalue(result, row, column))
                }
            }
        case PGRES_COMMAND_OK:
            return []
        default:
            let message = SQLRedaction.redact(String(cString: PQresultErrorMessage(result)), hiding: secrets)
            // 57014: canceled by statement_timeout.
            if let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))),
                String(cString: state) == "57014"
            {
                throw .deadlineExceeded(driver: "postgresql")
            }
            if PQstatus(connection) != CONNECTION_OK {
                throw .connect(driver: "postgresql", reason: message)
            }
            throw .query(driver: "postgresql", reason: message)
        }
    }

    func columnNames(_ sql: String) throws(SQLError) -> [String] {
        guard let result = PQexec(connection, sql) else {
            throw .connect(driver: "postgresql", reason: "no result (connection lost)")
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else {
            let message = SQLRedaction.redact(String(cString: PQresultErrorMessage(result)), hiding: secrets)
            throw PQstatus(connection) == CONNECTION_OK
                ? .query(driver: "postgresql", reason: message)
                : .connect(driver: "postgresql", reason: message)
        }
        return (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
    }

    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int {
        let left = (deadline - .now).components
        return max(1, Int(left.seconds) * 1000 + Int(left.attoseconds / 1_000_000_000_000_000))
    }

    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers.map { $0.map { UnsafePointer($0) } })
    }
}

import Foundation
import NakerConfig

/// One read-only session with a database, through its reference C client: libpq, MariaDB
/// Connector/C or SQLite. Results are text, as the clients return them; NULL is nil.
protocol SQLConnection: AnyObject {
    /// Runs one statement in the session's read-only transaction and returns every row.
    func rows(_ sql: String) throws(SQLError) -> [[String?]]
    /// The names of the columns a statement returns, from its result's description.
    func columnNames(_ sql: String) throws(SQLError) -> [String]
}

/// How each driver spells what the aggregation needs.
struct SQLDialect: Sendable {
    let driver: SQLLocation.Driver

    func identifier(_ name: String) -> String {
        switch driver {
        case .mysql: "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .postgresql, .sqlite: "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// `schema.table` quoted part by part.
    func table(_ name: String) -> String {
        name.split(separator: ".").map { identifier(String($0)) }.joined(separator: ".")
    }

    /// A column's value as trimmed text, compared byte for byte (MariaDB's default collation
    /// would fold case and trailing spaces, merging groups a CSV keeps apart).
    func text(_ expression: String) -> String {
        switch driver {
        case .mysql: "TRIM(CAST(\(expression) AS CHAR CHARACTER SET utf8mb4)) COLLATE utf8mb4_bin"
        case .postgresql, .sqlite: "TRIM(CAST(\(expression) AS TEXT))"
        }
    }

    /// `text` consists of `count` ASCII digits.
    func digits(_ text: String, count: Int) -> String {
        switch driver {
        case .postgresql: "\(text) ~ '^[0-9]{\(count)}$'"
        case .mysql: "\(text) REGEXP '^[0-9]{\(count)}$'"
        case .sqlite: "(LENGTH(\(text)) = \(count) AND \(text) NOT GLOB '*[^0-9]*')"
        }
    }

    /// `text` is a day from 1000-01-01 to 9999-12-28 with a day of month up to 28: valid whatever
    /// the month and year, so one pattern spares most rows the full calendar check. nil: the
    /// database has no pattern match (SQLite's GLOB cannot bound a month).
    func commonDay(_ text: String) -> String? {
        let pattern = "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"
        switch driver {
        case .postgresql: return "\(text) ~ '\(pattern)'"
        case .mysql: return "\(text) REGEXP '\(pattern)'"
        case .sqlite: return nil
        }
    }

    /// One to 18 ASCII digits (a count that fits a 64-bit integer, as the CSV rule).
    func count(_ text: String) -> String {
        switch driver {
        case .postgresql: "\(text) ~ '^[0-9]{1,18}$'"
        case .mysql: "\(text) REGEXP '^[0-9]{1,18}$'"
        case .sqlite: "(LENGTH(\(text)) BETWEEN 1 AND 18 AND \(text) NOT GLOB '*[^0-9]*')"
        }
    }

    func integer(_ text: String) -> String {
        switch driver {
        case .mysql: "CAST(\(text) AS SIGNED)"
        case .postgresql, .sqlite: "CAST(\(text) AS BIGINT)"
        }
    }

    /// A statement that opens the read-only transaction the load runs in.
    var beginReadOnly: String {
        switch driver {
        case .postgresql: "BEGIN TRANSACTION READ ONLY"
        case .mysql: "START TRANSACTION READ ONLY"
        case .sqlite: "BEGIN"
        }
    }
}

/// A database source could not be read; its last good data stays.
public enum SQLError: Error, Hashable, Sendable {
    case secret(SecretError)
    /// The DSN cannot be used; `reason` never holds it.
    case badDSN(driver: String, reason: String)
    case connect(driver: String, reason: String)
    case query(driver: String, reason: String)
    case deadlineExceeded(driver: String)
    /// `column` is canonical; `name` is what was looked for (a `columns:` mapping applied).
    case missingColumn(relation: String, column: String, name: String)
    /// The aggregation returned a row it could not have produced.
    case unexpectedResult(String)
}

extension SQLError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .secret(let error): "\(error)"
        case .badDSN(let driver, let reason):
            "the \(driver) DSN cannot be used: \(reason); write it as in docs/configuration.md (\"Databases\")"
        case .connect(let driver, let reason):
            "cannot connect to the \(driver) database: \(reason); check that the server runs and the DSN's "
                + "host, account and database; the next load retries"
        case .query(let driver, let reason):
            "the \(driver) database refused the query: \(reason); check the table (or query) and the "
                + "column names the source maps, and that the account may SELECT them"
        case .deadlineExceeded(let driver):
            "the \(driver) database did not answer within the source's timeout; check the server's load, "
                + "or raise the source's timeout"
        case .missingColumn(let relation, let column, let name):
            "\(relation) has no column \(name == column ? "'\(column)'" : "'\(name)' (for column '\(column)')"); "
                + "add it, or map it with `columns: { \(column): <column name> }`"
        case .unexpectedResult(let what): "the database returned \(what); report this as a bug"
        }
    }
}

extension SQLLocation {
    /// What keeps this database from being used that shows without connecting: a DSN file or
    /// variable that cannot be read, or a DSN its driver cannot read. nil for a SQLite file (a
    /// missing file is reported like a missing CSV).
    public func problemBeforeConnecting() -> SQLError? {
        guard case .server(let reference) = database else { return nil }
        do throws(SQLError) {
            let dsn: String
            do { dsn = try reference.resolve() } catch { throw SQLError.secret(error) }
            switch driver {
            case .postgresql: try PostgreSQLConnection.check(dsn: dsn)
            case .mysql: _ = try MariaDBConnection.Options(dsn: dsn)
            case .sqlite: break
            }
            return nil
        } catch {
            return error
        }
    }
}

/// Removes a secret from a driver's message before it is logged.
enum SQLRedaction {
    static func redact(_ message: String, hiding secrets: [String]) -> String {
        var text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        for secret in secrets where secret.count >= 3 {
            text = text.replacingOccurrences(of: secret, with: "****")
        }
        return text.replacingOccurrences(of: "\n", with: " ")
    }
}

/// The parts of a `scheme://user:password@host:port/database?key=value` URL, percent-decoded.
struct DatabaseURL {
    var user: String?
    var password: String?
    var host: String?
    var port: Int?
    var database: String?
    var options: [String: String]

    init(_ text: String, driver: String) throws(SQLError) {
        guard let components = URLComponents(string: text), components.scheme != nil else {
            throw .badDSN(
                driver: driver, reason: "it is not a URL of the form \(driver)://user:password@host/database")
        }
        user = components.percentEncodedUser?.removingPercentEncoding
        password = components.percentEncodedPassword?.removingPercentEncoding
        host = components.host
        port = components.port
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? nil : path
        options = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
    }
}

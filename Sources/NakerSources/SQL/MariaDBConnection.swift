import CMariaDB
import Foundation

/// A MariaDB Connector/C session (MariaDB and MySQL servers). The DSN is
/// `mysql://user:password@host:port/database`, with `ssl-mode` (`REQUIRED`, `VERIFY_CA`,
/// `VERIFY_IDENTITY`) and `ssl-ca` as query options. Every transaction is read-only and every
/// statement bounded by the load's deadline.
final class MariaDBConnection: SQLConnection {
    private let connection: UnsafeMutablePointer<MYSQL>
    private let secrets: [String]

    /// What the DSN asks for, checked without connecting (check-config uses it too).
    struct Options {
        enum TLS { case off, required, verified }
        var url: DatabaseURL
        var tls: TLS

        init(dsn: String) throws(SQLError) {
            url = try DatabaseURL(dsn, driver: "mysql")
            guard let scheme = URLComponents(string: dsn)?.scheme?.lowercased(),
                ["mysql", "mariadb"].contains(scheme)
            else {
                throw .badDSN(driver: "mysql", reason: "it must start with mysql:// (or mariadb://)")
            }
            switch url.options["ssl-mode"]?.uppercased() {
            case nil, "DISABLED", "PREFERRED": tls = .off
            case "REQUIRED": tls = .required
            case "VERIFY_CA", "VERIFY_IDENTITY": tls = .verified
            case let other?:
                throw .badDSN(
                    driver: "mysql",
                    reason: "unknown ssl-mode \(other); write REQUIRED, VERIFY_CA or VERIFY_IDENTITY")
            }
        }
    }

    init(dsn: String, deadline: ContinuousClock.Instant) throws(SQLError) {
        let options = try Options(dsn: dsn)
        let url = options.url
        secrets = [dsn] + (url.password.map { [$0] } ?? [])
        guard let handle = mysql_init(nil) else { throw .connect(driver: "mysql", reason: "out of memory") }
        let seconds = UInt32(max(2, PostgreSQLConnection.milliseconds(until: deadline) / 1000))
        var timeout = seconds
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &timeout)
        mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &timeout)
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var on: my_bool = 1
        switch options.tls {
        case .off: break
        case .required:
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
        case .verified:
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on)
        }
        if let ca = url.options["ssl-ca"] { mysql_options(handle, MYSQL_OPT_SSL_CA, ca) }
        // "localhost" would mean the Unix socket to the client library; the URL means TCP.
        let host = url.host == "localhost" ? "127.0.0.1" : url.host ?? "127.0.0.1"
        let connected = mysql_real_connect(
            handle, host, url.user, url.password, url.database, UInt32(url.port ?? 3306), nil, 0)
        guard connected != nil else {
            let reason = SQLRedaction.redact(String(cString: mysql_error(handle)), hiding: secrets)
            mysql_close(handle)
            throw .connect(driver: "mysql", reason: reason)
        }
        connection = handle
        // max_statement_time is MariaDB's; a MySQL server ignores nothing here but fails the SET.
        _ = try rows("SET SESSION TRANSACTION READ ONLY")
        _ = try? rows("SET SESSION max_statement_time = \(seconds)")
    }

    deinit {
        mysql_close(connection)
    }

    func rows(_ sql: String) throws(SQLError) -> [[String?]] {
        let status = sql.withCString { mysql_real_query(connection, $0, UInt(strlen($0))) }
        guard status == 0 else { throw error() }
        guard let result = mysql_store_result(connection) else {
            if mysql_field_count(connection) == 0 { return [] }
            throw error()
        }
        defer { mysql_free_result(result) }
        let columns = Int(mysql_num_fields(result))
        var rows: [[String?]] = []
        while let row = mysql_fetch_row(result) {
            let lengths = mysql_fetch_lengths(result)
            rows.append(
                (0..<columns).map { column in
                    guard let value = row[column] else { return nil }
                    let bytes = UnsafeRawBufferPointer(start: value, count: Int(lengths?[column] ?? 0))
                    return String(decoding: bytes, as: UTF8.self)
                })
        }
        return rows
    }

    func columnNames(_ sql: String) throws(SQLError) -> [String] {
        let status = sql.withCString { mysql_real_query(connection, $0, UInt(strlen($0))) }
        guard status == 0, let result = mysql_store_result(connection) else { throw error() }
        defer { mysql_free_result(result) }
        guard let fields = mysql_fetch_fields(result) else { return [] }
        return (0..<Int(mysql_num_fields(result))).map { String(cString: fields[$0].name) }
    }

    private func error() -> SQLError {
        let code = mysql_errno(connection)
        let message = SQLRedaction.redact(String(cString: mysql_error(connection)), hiding: secrets)
        switch code {
        // ER_STATEMENT_TIMEOUT (MariaDB), ER_QUERY_TIMEOUT (MySQL).
        case 1969, 3024: return .deadlineExceeded(driver: "mysql")
        // CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR.
        case 2006, 2013, 2002, 2003: return .connect(driver: "mysql", reason: message)
        default: return .query(driver: "mysql", reason: message)
        }
    }
}

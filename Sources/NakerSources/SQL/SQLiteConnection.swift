import CSQLite
import Foundation

/// A SQLite database opened read-only (`SQLITE_OPEN_READONLY` and `query_only`); a statement
/// still running at the load's deadline is interrupted by the progress handler.
final class SQLiteConnection: SQLConnection {
    private let database: OpaquePointer
    private let deadline: DeadlineBox

    /// Read by the progress handler, which has only a context pointer.
    final class DeadlineBox {
        let deadline: ContinuousClock.Instant
        init(_ deadline: ContinuousClock.Instant) { self.deadline = deadline }
    }

    init(path: String, deadline: ContinuousClock.Instant) throws(SQLError) {
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let reason =
                handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close(handle)
            throw .connect(driver: "sqlite", reason: "\(path): \(reason)")
        }
        database = handle
        self.deadline = DeadlineBox(deadline)
        sqlite3_busy_timeout(handle, Int32(min(PostgreSQLConnection.milliseconds(until: deadline), 60_000)))
        sqlite3_progress_handler(
            handle, 10_000,
            { context in
                guard let context else { return 0 }
                let box = Unmanaged<DeadlineBox>.fromOpaque(context).takeUnretainedValue()
                return ContinuousClock.now >= box.deadline ? 1 : 0
            }, Unmanaged.passUnretained(self.deadline).toOpaque())
        _ = try rows("PRAGMA query_only = 1")
    }

    deinit {
        sqlite3_close(database)
    }

    func rows(_ sql: String) throws(SQLError) -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw error(sqlite3_errcode(database))
        }
        defer { sqlite3_finalize(statement) }
        var rows: [[String?]] = []
        let columns = sqlite3_column_count(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw error(status) }
            rows.append(
                (0..<columns).map { column in
                    guard sqlite3_column_type(statement, column) != SQLITE_NULL,
                        let text = sqlite3_column_text(statement, column)
                    else { return nil }
                    let count = Int(sqlite3_column_bytes(statement, column))
                    return String(decoding: UnsafeRawBufferPointer(start: text, count: count), as: UTF8.self)
                })
        }
    }

    func columnNames(_ sql: String) throws(SQLError) -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw error(sqlite3_errcode(database))
        }
        defer { sqlite3_finalize(statement) }
        return (0..<sqlite3_column_count(statement)).map {
            String(cString: sqlite3_column_name(statement, $0))
        }
    }

    private func error(_ status: Int32) -> SQLError {
        if status == SQLITE_INTERRUPT { return .deadlineExceeded(driver: "sqlite") }
        let message = String(cString: sqlite3_errmsg(database))
        if status == SQLITE_BUSY || status == SQLITE_CANTOPEN || status == SQLITE_NOTADB
            || status == SQLITE_CORRUPT
        {
            return .connect(driver: "sqlite", reason: message)
        }
        return .query(driver: "sqlite", reason: message)
    }
}

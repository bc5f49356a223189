import Foundation
import GRDB

/// Durable daemon state in one SQLite database, `<directory>/naker-exporter.sqlite`: key/value
/// snapshots (alert state machine, dispatcher), the notification log, and the webhook outbox that makes
/// delivery at-least-once.
///
/// The database runs in WAL mode with `synchronous = FULL` on the single writer connection, so every
/// method that changes something has committed and fsync'ed its transaction before it returns: what it
/// wrote survives `kill -9` and power loss. Nothing is buffered in memory, so there is nothing to flush
/// on shutdown.
///
/// All methods are synchronous and thread-safe (GRDB's `DatabasePool`: one serialized writer, concurrent
/// readers). Each call is a small indexed query plus, for writes, one fsync; callers on Swift concurrency
/// should still keep bulk or frequent use off the cooperative pool, but a call per notification or per
/// evaluation is fine.
///
/// Times are Unix seconds, passed in by the caller; the store never reads the clock. Values are opaque:
/// the store does not know what the daemon encodes in them.
public final class StateStore: Sendable {
    /// The database file name inside the storage directory.
    public static let fileName = StateStoreSchema.fileName

    /// How long a write waits for a lock held by another connection before failing.
    static let busyTimeout: TimeInterval = 5

    /// The database file path.
    public let path: String

    let pool: DatabasePool

    /// Opens (creating the directory and the file when missing) and migrates the state database.
    ///
    /// - Throws: `StateStoreError`: the directory cannot be created, the file is not writable or not a
    ///   database, it was written by a newer binary, or it is locked by another process.
    public init(directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        self.path = path
        if let reason = StorageDirectory.create(directory) {
            throw StateStoreError.directoryUnusable(directory: directory, reason: reason)
        }

        var configuration = Configuration()
        configuration.label = "naker-exporter.state"
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.maximumReaderCount = 4
        configuration.journalMode = .wal

        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            self.pool = pool
            let migrator = StateStoreSchema.migrator
            try pool.writeWithoutTransaction { db in
                // GRDB sets synchronous = NORMAL when it enables WAL; the outbox needs FULL. The
                // pool's writer is one long-lived connection, so setting it once here sticks.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
                if !unknown.isEmpty {
                    throw StateStoreError.schemaTooNew(path: path, unknownMigrations: unknown.sorted())
                }
            }
            try migrator.migrate(pool)
            // Fail at start rather than at the first notification when the file is read-only: taking
            // the write lock is refused on a read-only database.
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) { .rollback }
            }
        } catch {
            throw StateStoreError(error, path: path, operation: nil)
        }
    }

    /// Runs `body` in a write transaction, committed (and fsync'ed) before returning.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StateStoreError(error, path: path, operation: operation)
        }
    }

    /// Runs `body` on a reader, which sees every transaction committed before the call.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StateStoreError(error, path: path, operation: operation)
        }
    }

    /// Runs raw SQL; for tests that need to shape the database.
    func execute(sql: String) throws {
        try pool.write { db in try db.execute(sql: sql) }
    }
}

/// Creates the storage directory and its missing parents (`mkdir -p`), reporting which path failed and
/// why in plain words (Foundation's errors on Linux only say "error 512").
enum StorageDirectory {
    /// Returns nil on success, else a reason such as "/var/lib/x is not a directory".
    static func create(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "\(path) is not a directory"
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let reason = create(parent) {
            return reason
        }
        if mkdir(path, 0o777) != 0 {
            let code = errno
            if code == EEXIST {
                return create(path)
            }
            return "\(path): \(String(cString: strerror(code)))"
        }
        return nil
    }
}

extension StateStore {
    /// Stores `value` under `key`, replacing what was there (e.g. the alert states as JSON).
    public func saveState(_ key: String, _ value: Data) throws {
        try write("save state '\(key)'") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)",
                arguments: [key, value])
        }
    }

    /// The value last saved under `key`, or nil when none was.
    public func loadState(_ key: String) throws -> Data? {
        try read("load state '\(key)'") { db in
            try Data.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [key])
        }
    }

    /// Removes the value under `key`; returns whether there was one.
    @discardableResult
    public func removeState(_ key: String) throws -> Bool {
        try write("remove state '\(key)'") { db in
            try db.execute(sql: "DELETE FROM state WHERE key = ?", arguments: [key])
            return db.changesCount > 0
        }
    }
}

/// The versioned schema of the state database. Migrations are append-only: never edit a shipped one,
/// register a new identifier instead. A database holding identifiers this list does not know was
/// written by a newer binary and is refused (`StateStoreError.schemaTooNew`).
enum StateStoreSchema {
    static let fileName = "naker-exporter.sqlite"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(
                sql: """
                    CREATE TABLE state (
                        key TEXT NOT NULL PRIMARY KEY,
                        value BLOB NOT NULL
                    );
                    CREATE TABLE notification_log (
                        id TEXT NOT NULL PRIMARY KEY,
                        receiver TEXT NOT NULL,
                        group_key TEXT NOT NULL,
                        status TEXT NOT NULL,
                        alert_count INTEGER NOT NULL,
                        queued_at REAL NOT NULL,
                        delivered_at REAL,
                        failed_at REAL,
                        outcome TEXT
                    );
                    CREATE INDEX notification_log_by_queued_at ON notification_log (queued_at);
                    CREATE TABLE outbox (
                        id TEXT NOT NULL PRIMARY KEY,
                        receiver TEXT NOT NULL,
                        group_key TEXT NOT NULL,
                        body BLOB NOT NULL,
                        content_type TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL NOT NULL,
                        first_attempt_at REAL,
                        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
                        last_error TEXT
                    );
                    CREATE INDEX outbox_by_state_and_next_attempt ON outbox (state, next_attempt_at);
                    """)
        }
        return migrator
    }
}

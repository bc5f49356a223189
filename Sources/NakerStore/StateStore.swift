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

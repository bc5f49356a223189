import Foundation
import GRDB

/// Why the state database cannot be used; each description says what the operator should do.
public enum StateStoreError: Error, Hashable, Sendable {
    /// The `--storage.path` directory does not exist and cannot be created.
    case directoryUnusable(directory: String, reason: String)
    /// The database file cannot be created or written.
    case notWritable(path: String, reason: String)
    /// The file exists but is not an SQLite database, or is damaged.
    case notADatabase(path: String, reason: String)
    /// The database was migrated by a newer naker-exporter: running would risk corrupting it.
    case schemaTooNew(path: String, unknownMigrations: [String])
    /// Another process holds the write lock for longer than the busy timeout.
    case locked(path: String)
    /// The disk holding the database is full.
    case diskFull(path: String)
    /// Opening failed for another reason.
    case openFailed(path: String, reason: String)
    /// A read or write failed for another reason.
    case operationFailed(path: String, operation: String, reason: String)
}

extension StateStoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .directoryUnusable(let directory, let reason):
            "state directory \(directory) cannot be created (\(reason)): "
                + "point --storage.path at a writable directory"
        case .notWritable(let path, let reason):
            "state database at \(path) is not writable (\(reason)): check --storage.path permissions"
        case .notADatabase(let path, let reason):
            "state database at \(path) is not a usable SQLite database (\(reason)): "
                + "move it aside or restore it from a backup, then start again"
        case .schemaTooNew(let path, let unknownMigrations):
            "state database at \(path) was written by a newer naker-exporter (unknown schema migrations: "
                + "\(unknownMigrations.joined(separator: ", "))); refusing to run so it is not corrupted: "
                + "upgrade naker-exporter or point --storage.path at another directory"
        case .locked(let path):
            "state database at \(path) is locked by another process: "
                + "make sure only one naker-exporter uses this --storage.path"
        case .diskFull(let path):
            "state database at \(path) cannot grow because the disk is full: "
                + "free space on the file system of --storage.path"
        case .openFailed(let path, let reason):
            "state database at \(path) cannot be opened (\(reason)): "
                + "check --storage.path, its permissions and free disk space"
        case .operationFailed(let path, let operation, let reason):
            "state database at \(path): cannot \(operation) (\(reason)): "
                + "check free disk space and permissions of --storage.path"
        }
    }
}

extension StateStoreError: LocalizedError {
    public var errorDescription: String? { description }
}

extension StateStoreError {
    /// Classifies an error thrown while opening (`operation == nil`) or using the database.
    init(_ error: any Error, path: String, operation: String?) {
        if let storeError = error as? StateStoreError {
            self = storeError
            return
        }
        guard let databaseError = error as? DatabaseError else {
            let reason = String(describing: error)
            self =
                if let operation {
                    .operationFailed(path: path, operation: operation, reason: reason)
                } else {
                    .openFailed(path: path, reason: reason)
                }
            return
        }
        let code = databaseError.resultCode
        let reason =
            databaseError.message ?? "SQLite result code \(databaseError.extendedResultCode.rawValue)"
        switch code {
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            self = .notWritable(path: path, reason: reason)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            self = .notADatabase(path: path, reason: reason)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .locked(path: path)
        case .SQLITE_FULL:
            self = .diskFull(path: path)
        default:
            if let operation {
                self = .operationFailed(path: path, operation: operation, reason: reason)
            } else {
                self = .openFailed(path: path, reason: reason)
            }
        }
    }
}

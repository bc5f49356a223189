import Foundation
import GRDB

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

import GRDB

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

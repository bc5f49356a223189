import Foundation
import NakerTestSupport
import Testing

@testable import NakerStore

@Suite("Opening the state database")
struct StateStoreOpeningTests {
    @Test("an empty directory gets a migrated database file")
    func migratesEmptyDirectory() throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        let storageDirectory = directory.file("state/nested")
        let store = try StateStore(directory: storageDirectory)
        #expect(store.path == storageDirectory + "/naker-exporter.sqlite")
        #expect(FileManager.default.fileExists(atPath: store.path))
        #expect(try store.pending().isEmpty)
        #expect(try store.loggedNotifications().isEmpty)
        #expect(try store.loadState("alerts") == nil)
        #expect(try store.nextAttemptTime() == nil)
        #expect(try store.queueLengths().isEmpty)
        let migrations = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(migrations == ["v1-initial"])
    }

    @Test("WAL journal mode and synchronous = FULL on the writer")
    func walAndFullSync() throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        let store = try StateStore(directory: directory.path)
        #expect(try store.writerPragma("journal_mode") == "wal")
        #expect(try store.writerPragma("synchronous") == "2")  // 2 = FULL
        let readerMode = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(readerMode == "wal")
    }

    @Test("reopening keeps the outbox, the state blobs and the log")
    func reopenKeepsData() throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        let blob = Data("{\"alerts\":[{\"state\":\"pending\",\"since\":1700000000}]}".utf8)
        do {
            let store = try StateStore(directory: directory.path)
            try store.saveState("alerts", blob)
            try store.enqueue(Fixtures.item("n1"), logEntry: Fixtures.logEntry("n1"))
            try store.enqueue(Fixtures.item("n2", createdAt: 1_001))
            try store.logNotification(Fixtures.logEntry("n0", queuedAt: 900))
            try store.markDelivered(id: "n1", at: 1_005)
        }
        let reopened = try StateStore(directory: directory.path)
        #expect(try reopened.loadState("alerts") == blob)
        #expect(try reopened.pending().map(\.id) == ["n2"])
        #expect(try reopened.pending().first == Fixtures.item("n2", createdAt: 1_001))
        let log = try reopened.loggedNotifications()
        #expect(log.map(\.id) == ["n1", "n0"])
        #expect(log.first?.deliveredAt == 1_005)
        #expect(log.first?.outcome == "delivered")
    }

    @Test("a database migrated by a newer binary is refused, and left untouched")
    func refusesFutureSchema() throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        do {
            let store = try StateStore(directory: directory.path)
            try store.enqueue(Fixtures.item("n1"))
            try store.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-from-the-future')")
        }
        let path = directory.file("naker-exporter.sqlite")
        let error = #expect(throws: StateStoreError.self) {
            try StateStore(directory: directory.path)
        }
        #expect(error == .schemaTooNew(path: path, unknownMigrations: ["v2-from-the-future"]))
        let text = try #require(error).description
        #expect(text.contains(path))
        #expect(text.contains("newer naker-exporter"))
        #expect(text.contains("v2-from-the-future"))
        #expect(text.contains("upgrade naker-exporter"))
    }

    @Test("a storage path below a regular file is a clear error")
    func unusableDirectory() throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        let file = directory.file("not-a-directory")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let storage = (file as NSString).appendingPathComponent("state")
        let error = #expect(throws: StateStoreError.self) {
            try StateStore(directory: storage)
        }
        guard case .directoryUnusable(let reported, let reason) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(reported == storage)
        #expect(reason == "\(file) is not a directory")
        let text = try #require(error).description
        #expect(text.contains(storage))
        #expect(text.contains("--storage.path"))

        let itself = #expect(throws: StateStoreError.self) {
            try StateStore(directory: file)
        }
        #expect(itself == .directoryUnusable(directory: file, reason: "\(file) is not a directory"))
    }

    @Test("a file that is not a database is a clear error")
    func notADatabase() throws {
        let directory = try TemporaryDirectory(prefix: "naker-store")
        let path = directory.file("naker-exporter.sqlite")
        try Data(String(repeating: "this is not SQLite\n", count: 100).utf8).write(
            to: URL(fileURLWithPath: path))
        let error = #expect(throws: StateStoreError.self) {
            try StateStore(directory: directory.path)
        }
        guard case .notADatabase(let reported, _) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(try #require(error).description.contains("move it aside"))
    }
}

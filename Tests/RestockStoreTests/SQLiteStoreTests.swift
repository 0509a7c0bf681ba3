import Foundation
import GRDB
import RestockCore
import RestockTestSupport
import Testing

@testable import RestockStore

/// What only the SQLite store promises: where its file goes and how it is opened.
@Suite struct SQLiteStoreTests {
    /// A fresh temporary directory, removed after `body`.
    func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("restock-sqlite-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    @Test("opening creates missing directories and reports the file path")
    func createsDirectories() async throws {
        try await withDirectory { directory in
            let path = directory.appendingPathComponent("a/b/restock.sqlite").path
            let store = try SQLiteStore(path: path)
            try await store.migrate()
            #expect(store.location == path)
            #expect(store.dialect == .sqlite)
            #expect(FileManager.default.fileExists(atPath: path))
            try await store.close()
        }
    }

    // FULL, not GRDB's WAL default NORMAL: an acknowledged commit must survive a power cut.
    @Test("a file store commits in WAL mode with a sync on every commit")
    func walAndFullSync() async throws {
        try await withDirectory { directory in
            let store = try SQLiteStore(path: directory.appendingPathComponent("restock.sqlite").path)
            let (journal, synchronous) = try await store.writer.writeWithoutTransaction { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA synchronous")
                )
            }
            try await store.close()
            #expect(journal == "wal")
            #expect(synchronous == 2)  // FULL
        }
    }

    @Test("a database migrated by a newer restockd is refused")
    func refusesNewerSchema() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        try await store.writer.write { db in
            try db.execute(sql: "INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)")
        }
        let error = await #expect(throws: StoreError.self) { try await store.migrate() }
        #expect(error?.code == .migration)
    }

    @Test("a file that is not a database fails as corrupt")
    func notADatabase() async throws {
        try await withDirectory { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("restock.sqlite").path
            try Data(repeating: 0x42, count: 8_192).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
            #expect(error?.code == .corrupt)
        }
    }
}

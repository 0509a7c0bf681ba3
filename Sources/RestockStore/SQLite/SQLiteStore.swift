import Foundation
import GRDB
import RestockCore

/// The embedded store: one SQLite file through GRDB, or an in-memory database for tests.
///
/// All writes are serialized on GRDB's writer queue, so the blocking SQLite calls never run on
/// the cooperative thread pool; a `DatabasePool` adds concurrent readers in WAL mode.
public final class SQLiteStore: RestockStore {
    public let dialect = SQLDialect.sqlite
    /// SQLite has one writer; a second concurrent batch would only wait for the first.
    public let concurrentWriters = 1
    /// The database file's path, or `:memory:`.
    public let location: String
    /// Internal so SQLite-specific tests can look at pragmas and plant rows.
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database file at `path`, and its parent directory.
    ///
    /// The pool runs in WAL mode, where GRDB sets `synchronous = NORMAL`: a commit is then durable
    /// only at the next checkpoint, and a power cut can lose the last transactions. We promise that
    /// a stock change and the email it causes are durable once acknowledged
    /// (docs/ARCHITECTURE.md §5), and a lost `sent` mark re-sends an email, so we set
    /// `synchronous = FULL`, which syncs the WAL on every commit. It costs one fsync per
    /// transaction, which batching already amortizes.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.connection, details: "cannot create \(directory.path): \(error)")
        }

        var configuration = Configuration()
        configuration.label = "restock"
        // Another `restockd` command (migrate, check-config) may hold the write lock briefly.
        configuration.busyMode = .timeout(5)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // After the pool's own WAL setup, which would override a `prepareDatabase` pragma;
            // `synchronous` belongs to the connection, and only the writer connection commits.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            self.writer = pool
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
        self.location = path
    }

    private init(writer: any DatabaseWriter, location: String) {
        self.writer = writer
        self.location = location
    }

    /// A private database in memory: the fast store for tests. It disappears with the store.
    public static func inMemory() throws -> SQLiteStore {
        let queue = try StoreError.mappingSQLite { try DatabaseQueue() }
        return SQLiteStore(writer: queue, location: ":memory:")
    }

    public func transaction<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T
    ) async throws -> T {
        try await StoreError.mappingSQLite {
            try await writer.write { db in try body(SQLTransaction(sql: SQLiteConnection(db: db))) }
        }
    }

    /// Goes through the writer rather than a reader: the watchdog should notice a writer that is
    /// stuck, since every useful thing the daemon does writes.
    public func ping() async throws {
        try await StoreError.mappingSQLite {
            try await writer.writeWithoutTransaction { db in try db.execute(sql: "SELECT 1") }
        }
    }

    /// Waits for running accesses, then closes every connection; later calls throw
    /// ``StoreError/Code/connection``. Closing twice is harmless.
    public func close() async throws {
        try StoreError.mappingSQLite { try writer.close() }
    }
}

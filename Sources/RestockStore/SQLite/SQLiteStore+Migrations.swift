import GRDB
import RestockCore

extension SQLiteStore {
    /// Makes a new database from ``Schema``, or runs the pending upgrade steps of
    /// ``StoreMigrations``, each in its own write transaction (``StoreMigrations/apply``): a
    /// second process migrating at once waits for the write lock and then sees it recorded.
    ///
    /// Refuses a database that records a version this program does not know (an older
    /// `restockd` must not write into a schema it does not understand), and one too old to
    /// upgrade here.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await StoreError.mappingSQLite {
            try await writer.write { db in try db.execute(sql: Schema.bootstrap(.sqlite)) }
            return try await StoreMigrations.apply(applied: try await appliedMigrations(), dialect: .sqlite) { body in
                try await writer.write { db in try body(SQLiteConnection(db: db)) }
            }
        }
    }

    public var knownMigrations: [Int] { StoreMigrations.known }

    public var upgradableFrom: Int { StoreMigrations.oldestUpgradable }

    public func appliedMigrations() async throws -> [Int] {
        try await StoreError.mappingSQLite {
            try await writer.read { db in
                guard try db.tableExists("schema_migrations") else { return [] }
                return try SQLiteConnection(db: db).migrationVersions()
            }
        }
    }
}

import GRDB
import RestockCore

extension SQLiteStore {
    /// Applies each pending migration of ``SQLiteMigrations`` in its own write transaction, which
    /// re-checks `schema_migrations` first, so two processes migrating at once apply each version
    /// once (the second waits for the write lock and then sees it recorded).
    ///
    /// Refuses a database that records a version this program does not know: an older `restockd`
    /// must not write into a schema it does not understand.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await StoreError.mappingSQLite {
            try await writer.write { db in try db.execute(sql: SQLiteMigrations.bootstrap) }

            let status = SchemaStatus(applied: try await appliedMigrations(), known: knownMigrations)
            if case .ahead(let database, let program) = status {
                throw StoreError(
                    .migration, details: "database has migration \(database), this program knows up to \(program)")
            }

            var applied: [Int] = []
            for migration in SQLiteMigrations.all {
                let didApply = try await writer.write { db -> Bool in
                    let done = try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)",
                        arguments: [migration.version])
                    if done == true { return false }
                    do {
                        try db.execute(sql: migration.sql)
                    } catch {
                        throw StoreError(.migration, details: "migration \(migration.version): \(error)")
                    }
                    try db.execute(
                        sql: "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                        arguments: [migration.version, Timestamp.now.microseconds])
                    return true
                }
                if didApply { applied.append(migration.version) }
            }
            return applied
        }
    }

    public var knownMigrations: [Int] { SQLiteMigrations.all.map(\.version) }

    public func appliedMigrations() async throws -> [Int] {
        try await StoreError.mappingSQLite {
            try await writer.read { db in
                guard try db.tableExists("schema_migrations") else { return [] }
                return try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations ORDER BY version")
            }
        }
    }
}

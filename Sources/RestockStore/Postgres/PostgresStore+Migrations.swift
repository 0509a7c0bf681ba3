import LibPQ
import RestockCore

extension PostgresStore {
    /// Applies each pending migration of ``PostgresMigrations`` in its own transaction.
    ///
    /// Several `restockd` instances may start at once against one database. Each migration
    /// transaction first takes a transaction-scoped advisory lock and then re-checks
    /// `schema_migrations`, so the second instance waits for the first to commit and then sees
    /// the version recorded: each version is applied once. DDL alone would not serialize them:
    /// two `CREATE TABLE`s of one name race to a unique violation in the catalog.
    ///
    /// Refuses a database that records a version this program does not know: an older `restockd`
    /// must not write into a schema it does not understand.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await StoreError.mappingPostgres {
            try await pool.withConnection { connection in
                try connection.transaction { connection in
                    try Self.lockMigrations(on: connection)
                    try connection.simpleQuery(PostgresMigrations.bootstrap)
                }
            }

            let status = SchemaStatus(applied: try await appliedMigrations(), known: knownMigrations)
            if case .ahead(let database, let program) = status {
                throw StoreError(
                    .migration, details: "database has migration \(database), this program knows up to \(program)")
            }

            var applied: [Int] = []
            for migration in PostgresMigrations.all {
                let didApply = try await pool.withConnection { connection in
                    try connection.transaction { connection -> Bool in
                        try Self.lockMigrations(on: connection)
                        let done = try connection.query(
                            """
                            SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = \(migration.version))
                                AS done
                            """)[0].decode("done", as: Bool.self)
                        if done { return false }
                        do {
                            try connection.simpleQuery(migration.sql)
                        } catch let error as PostgresError where !error.isConnectionError && !error.isCancelled {
                            throw StoreError(
                                .migration, details: "migration \(migration.version): \(String(reflecting: error))")
                        }
                        try connection.execute(
                            """
                            INSERT INTO schema_migrations (version, applied_at)
                            VALUES (\(migration.version), \(Timestamp.now.microseconds))
                            """)
                        return true
                    }
                }
                if didApply { applied.append(migration.version) }
            }
            return applied
        }
    }

    public var knownMigrations: [Int] { PostgresMigrations.all.map(\.version) }

    public func appliedMigrations() async throws -> [Int] {
        try await StoreError.mappingPostgres {
            try await pool.withConnection { connection in
                // `to_regclass` resolves through the search_path, as the migrations' DDL does.
                let exists = try connection.query(
                    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present"
                )[0].decode("present", as: Bool.self)
                guard exists else { return [] }
                return try connection.query("SELECT version FROM schema_migrations ORDER BY version")
                    .map { try $0.decode("version", as: Int.self) }
            }
        }
    }

    /// Arbitrary, fixed first half of the advisory lock key ("RSTK"), so our lock does not
    /// collide with another application's on the same database.
    private static let migrationLockClass: Int32 = 0x5253_544B

    /// Waits for the migration lock of the current schema, held until the transaction ends.
    /// Keyed by schema as well, so stores in different schemas of one database (the tests run
    /// one schema each, in parallel) do not wait for each other.
    private static func lockMigrations(on connection: PostgresConnection) throws {
        try connection.query(
            """
            SELECT pg_advisory_xact_lock(\(migrationLockClass), hashtext(COALESCE(current_schema(), '')))
            """)
    }
}

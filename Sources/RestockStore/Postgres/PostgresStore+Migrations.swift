import LibPQ
import RestockCore

extension PostgresStore {
    /// Makes a new database from ``Schema``, or runs the pending upgrade steps of
    /// ``StoreMigrations``, each in its own transaction.
    ///
    /// Several `restockd` instances may start at once against one database. Each migration
    /// transaction first takes a transaction-scoped advisory lock and then re-checks
    /// `schema_migrations`, so the second instance waits for the first to commit and then sees
    /// the version recorded: each version is applied once. DDL alone would not serialize them:
    /// two `CREATE TABLE`s of one name race to a unique violation in the catalog.
    ///
    /// Refuses a database that records a version this program does not know (an older
    /// `restockd` must not write into a schema it does not understand), and one too old to
    /// upgrade here.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await StoreError.mappingPostgres {
            try await locked { connection in try connection.simpleQuery(Schema.bootstrap(.postgresql)) }
            return try await StoreMigrations.apply(applied: try await appliedMigrations(), dialect: .postgresql) {
                body in
                try await locked { connection in try body(PostgresSQLConnection(connection: connection)) }
            }
        }
    }

    /// `body` in a transaction holding the migration lock.
    private func locked<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await pool.withConnection { connection in
            try connection.transaction { connection in
                try Self.lockMigrations(on: connection)
                return try body(connection)
            }
        }
    }

    public var knownMigrations: [Int] { StoreMigrations.known }

    public var upgradableFrom: Int { StoreMigrations.oldestUpgradable }

    public func appliedMigrations() async throws -> [Int] {
        try await StoreError.mappingPostgres {
            try await pool.withConnection { connection in
                // `to_regclass` resolves through the search_path, as the migrations' DDL does.
                let exists = try connection.query(
                    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present"
                )[0].decode("present", as: Bool.self)
                guard exists else { return [] }
                return try PostgresSQLConnection(connection: connection).migrationVersions()
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

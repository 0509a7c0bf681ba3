import Foundation
import LibPQ
import RestockCore
import RestockTestSupport
import Testing

@testable import RestockStore

/// What only the PostgreSQL store promises: how it names its server, how it migrates alongside
/// other instances, and how it fails.
@Suite struct PostgresStoreTests {
    static let hasServer = StoreKind.enabled.contains(.postgres)

    /// A store on a fresh schema, not migrated, disposed of after `body`.
    func withFreshSchema(_ body: (TestStore) async throws -> Void) async throws {
        try await withTestStore(.postgres, migrated: false, body)
    }

    @Test(
        "the location shown to operators never contains the password",
        arguments: [
            (
                "postgresql://restock:s3cret@db.example:5432/shop?sslmode=require",
                "postgresql://restock:***@db.example:5432/shop?sslmode=require"
            ),
            (
                "postgres://restock@db.example/shop?password=s3cret&application_name=restockd",
                "postgres://restock@db.example/shop?password=***&application_name=restockd"
            ),
            ("postgresql://db.example/shop", "postgresql://db.example/shop"),
            ("host=db.example password=s3cret dbname=shop", "host=db.example password=*** dbname=shop"),
            (
                "host=db.example password = 'it\\'s s3cret' user=restock",
                "host=db.example password = *** user=restock"
            ),
        ])
    func locationHidesPassword(connectionString: String, shown: String) {
        let store = PostgresStore(pool: PostgresPool(configuration: .init(connectionString: connectionString)))
        #expect(store.location == shown)
        #expect(store.dialect == .postgresql)
    }

    @Test("a server that cannot be reached fails as a connection error")
    func unreachable() async throws {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        let store = PostgresStore(
            pool: PostgresPool(configuration: .init(connectionString: "postgresql://postgres@127.0.0.1:1/none")))
        let error = await #expect(throws: StoreError.self) { try await store.migrate() }
        #expect(error?.code == .connection)
        try await store.close()
    }

    @Test("two instances migrating one database at once apply each version once", .enabled(if: hasServer))
    func concurrentMigrations() async throws {
        try await withFreshSchema { made in
            let reopen = try #require(made.reopen)
            let other = try await reopen()
            async let first = made.store.migrate()
            async let second = other.migrate()
            let (a, b) = try await (first, second)
            #expect((a + b).sorted() == StoreMigrations.known)
            #expect(try await other.appliedMigrations() == StoreMigrations.known)
        }
    }

    @Test("a database migrated by a newer restockd is refused", .enabled(if: hasServer))
    func refusesNewerSchema() async throws {
        try await withFreshSchema { made in
            let store = try #require(made.store as? PostgresStore)
            try await store.migrate()
            try await store.pool.withConnection { connection in
                try connection.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)")
            }
            let error = await #expect(throws: StoreError.self) { try await store.migrate() }
            #expect(error?.code == .migration)
        }
    }

    @Test("a watch given twice to saveWatches keeps its last copy", .enabled(if: hasServer))
    func saveWatchesLastCopyWins() async throws {
        try await withStore(.postgres) { store in
            let stored = try await store.transaction { tx in
                let watch = try tx.makeWatch(variant: "v1")
                var notified = watch
                notified.state = .notified
                var lapsed = watch
                lapsed.state = .lapsed
                try tx.saveWatches([notified, lapsed])
                return try tx.watch(id: watch.id)
            }
            #expect(stored?.state == .lapsed)
        }
    }

    @Test("the test store's tables live in its own schema, not in public", .enabled(if: hasServer))
    func ownSchema() async throws {
        try await withFreshSchema { made in
            let store = try #require(made.store as? PostgresStore)
            try await store.migrate()
            let (tableSchema, currentSchema) = try await store.pool.withConnection { connection in
                let row = try connection.query(
                    """
                    SELECT n.nspname AS table_schema, current_schema() AS current_schema
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.oid = 'watches'::regclass
                    """)[0]
                let tableSchema = try row.decode("table_schema", as: String.self)
                return (tableSchema, try row.decode("current_schema", as: String.self))
            }
            #expect(tableSchema == currentSchema)
            #expect(tableSchema.hasPrefix("restock_test_"))
        }
    }

    @Test(
        "connectionString(url:schema:) adds the search path to either form",
        arguments: [
            ("postgresql://u@h/db", "postgresql://u@h/db?options=-csearch_path%3Ds1"),
            ("postgresql://u@h/db?sslmode=disable", "postgresql://u@h/db?sslmode=disable&options=-csearch_path%3Ds1"),
            ("host=h dbname=db", "host=h dbname=db options='-csearch_path=s1'"),
        ])
    func searchPath(url: String, expected: String) {
        #expect(PostgresTestStore.connectionString(url: url, schema: "s1") == expected)
    }
}

import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Migrations {
        @Test("migrate applies every version once, in order, and records it", arguments: StoreKind.enabled)
        func appliesOnceAndRecords(kind: StoreKind) async throws {
            try await withStore(kind, migrated: false) { store in
                #expect(try await store.appliedMigrations() == [])

                let applied = try await store.migrate()
                #expect(applied.first == 1)
                #expect(applied == applied.sorted())
                #expect(try await store.appliedMigrations() == applied)

                #expect(try await store.migrate() == [])
                #expect(try await store.appliedMigrations() == applied)
            }
        }
    }
}

extension StoreContract.Migrations {
    /// restockd 0.17's schema is version 9: a database that stopped before it was made by a
    /// release whose upgrade steps this one no longer carries, and is refused untouched, saying
    /// what to run instead.
    @Test(
        "a database older than restockd 0.17's schema is refused, naming what to run",
        arguments: StoreKind.enabled.filter { $0 != .sqliteMemory })
    func refusesTooOld(kind: StoreKind) async throws {
        try await withTestStore(kind, migrated: false) { made in
            try await made.executeRaw(
                """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, applied_at BIGINT NOT NULL);
                INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0), (2, 0), (3, 0), (8, 0);
                """)
            let error = await #expect(throws: StoreError.self) { try await made.store.migrate() }
            #expect(error?.code == .migration)
            #expect(error?.debugDescription.contains("run `restockd migrate` of restockd 0.17 on it first") == true)
            #expect(try await made.store.appliedMigrations() == [1, 2, 3, 8])
        }
    }
}

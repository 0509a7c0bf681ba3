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

import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Transactions {
        @Test("a thrown error rolls back everything the transaction wrote", arguments: StoreKind.enabled)
        func rollback(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                await #expect(throws: Boom.self) {
                    try await store.transaction { tx in
                        _ = try tx.recordReceipt(source: "shopify", id: "d-1", at: t0)
                        let watch = try tx.makeWatch(variant: "v1")
                        _ = try tx.enqueue([entry(customerID: watch.customerID, watchIDs: [watch.id])])
                        _ = try tx.startCycle(variant: "v1", at: t0)
                        throw Boom()
                    }
                }
                let (receiptIsNew, entries, counts, cycle) = try await store.transaction { tx in
                    (
                        try tx.recordReceipt(source: "shopify", id: "d-1", at: t0),
                        try tx.outboxEntries(state: nil, limit: 10),
                        try tx.counts(),
                        try tx.openCycle(variant: "v1")
                    )
                }
                #expect(receiptIsNew)
                #expect(entries.isEmpty)
                #expect(counts == StoreCounts(liveWatches: 0, watchedVariants: 0, outboxBacklog: 0, orders: 0))
                #expect(cycle == nil)
            }
        }

        @Test("a failed statement's error names no customer data", arguments: StoreKind.enabled)
        func errorsArePrivate(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let customerID = try await store.transaction { tx in
                    try tx.makeWatch("secret.person@example.com", variant: bigVariantID).customerID
                }
                let error = await #expect(throws: StoreError.self) {
                    try await store.transaction { tx in
                        _ = try tx.upsertCustomer(
                            email: "secret.person@example.com", name: "Secret", locale: nil, at: t0)
                        _ = try tx.insertWatch(newWatch(customerID: customerID, variantID: bigVariantID))
                    }
                }
                let description = String(describing: try #require(error))
                #expect(error?.code == .uniqueViolation)
                for secret in ["secret", bigVariantID, "INSERT", "watches"] {
                    #expect(!description.contains(secret))
                }
            }
        }

        @Test("ping answers while the store is open and fails once it is closed", arguments: StoreKind.enabled)
        func pingAndClose(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.ping()
                try await store.close()
                let error = await #expect(throws: StoreError.self) { try await store.ping() }
                #expect(error?.code == .connection)
            }
        }

        @Test(
            "data survives closing and reopening the store",
            arguments: StoreKind.enabled.filter { $0 != .sqliteMemory })
        func survivesReopen(kind: StoreKind) async throws {
            try await withTestStore(kind, migrated: false) { made in
                let store = made.store
                let applied = try await store.migrate()
                let (watch, ids) = try await store.transaction { tx in
                    try tx.upsertCatalog(CatalogEntry(variantID: bigVariantID, productTitle: "Linen shirt"), at: t0)
                    let watch = try tx.makeWatch(variant: bigVariantID)
                    return (watch, try tx.enqueue([entry(customerID: watch.customerID, watchIDs: [watch.id])]))
                }
                try await store.close()

                let reopen = try #require(made.reopen)
                let reopened = try await reopen()
                #expect(try await reopened.appliedMigrations() == applied)
                #expect(try await reopened.migrate() == [])
                let (title, storedWatch, entries) = try await reopened.transaction { tx in
                    (
                        try tx.catalog(variant: bigVariantID)?.productTitle,
                        try tx.watch(id: watch.id),
                        try tx.outboxEntries(state: nil, limit: 10)
                    )
                }
                try await reopened.close()
                #expect(title == "Linen shirt")
                #expect(storedWatch == watch)
                #expect(entries.map(\.id) == ids.compactMap { $0 })
            }
        }
    }
}

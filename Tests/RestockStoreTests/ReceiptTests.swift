import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Receipts {
        @Test("a delivery is new once; the same (source, id) again is not", arguments: StoreKind.enabled)
        func recordsOnce(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let first = try await store.transaction {
                    try $0.recordReceipt(source: "shopify", id: "d-1", at: t0)
                }
                let replay = try await store.transaction {
                    try $0.recordReceipt(source: "shopify", id: "d-1", at: at(60))
                }
                let otherSource = try await store.transaction {
                    try $0.recordReceipt(source: "woocommerce", id: "d-1", at: t0)
                }
                let otherID = try await store.transaction {
                    try $0.recordReceipt(source: "shopify", id: "d-2", at: t0)
                }
                #expect(first)
                #expect(!replay)
                #expect(otherSource)
                #expect(otherID)
            }
        }

        @Test("a repeat within one transaction is recognised", arguments: StoreKind.enabled)
        func repeatInSameTransaction(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let results = try await store.transaction { tx in
                    [
                        try tx.recordReceipt(source: "shopify", id: "d-1", at: t0),
                        try tx.recordReceipt(source: "shopify", id: "d-1", at: t0),
                    ]
                }
                #expect(results == [true, false])
            }
        }
    }
}

import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// What a group commit claims and reads at its start, and writes at its end.
    @Suite struct GroupCommitReads {
        @Test("a batch of receipts: new once, at the first of repeats", arguments: StoreKind.enabled)
        func receiptsInABatch(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { tx in
                    _ = try tx.recordReceipt(source: "generic", id: "old", at: t0)
                }
                let keys = ["a", "old", "b", "a", "c"].map { ReceiptKey(source: "generic", id: $0) }
                let fresh = try await store.transaction { tx in
                    try tx.recordReceipts(keys, lockingVariants: ["v2", "v1", "v2"], at: at(5))
                }
                #expect(fresh == [true, false, true, false, true])
                let again = try await store.transaction { tx in
                    try tx.recordReceipts(
                        [ReceiptKey(source: "generic", id: "b"), ReceiptKey(source: "shopify", id: "b")],
                        lockingVariants: [], at: at(9))
                }
                #expect(again == [false, true])
                let none = try await store.transaction { tx in
                    try tx.recordReceipts([], lockingVariants: ["v1"], at: at(9))
                }
                #expect(none == [])
            }
        }

        @Test("a snapshot has each variant's levels, open cycle and waiting watchers", arguments: StoreKind.enabled)
        func snapshot(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (snapshot, openCycle) = try await store.transaction { tx in
                    for location in ["b", "", "a"] {
                        try tx.saveStockLevel(
                            StockLevel(variantID: bigVariantID, locationID: location, available: 2, watermark: t0))
                    }
                    try tx.saveStockLevel(StockLevel(variantID: "closed", locationID: "", available: 0, watermark: t0))
                    var closed = try tx.startCycle(variant: "closed", at: t0)
                    closed.closedAt = at(1)
                    try tx.saveCycle(closed)
                    let open = try tx.startCycle(variant: bigVariantID, at: at(2))
                    _ = try tx.makeWatch("ada@example.com", variant: bigVariantID)
                    _ = try tx.makeWatch("bob@example.com", variant: "closed", state: .notified)
                    return (
                        try tx.stockSnapshot(variants: [bigVariantID, "closed", "never-seen", bigVariantID]), open
                    )
                }
                #expect(snapshot.levels[bigVariantID]?.map(\.locationID) == ["", "a", "b"])
                #expect(snapshot.levels["closed"]?.map(\.available) == [0])
                #expect(snapshot.levels["never-seen"] == nil)
                #expect(snapshot.openCycles == [bigVariantID: openCycle])
                // Only `watching` counts as waiting: a notified watcher has heard already.
                #expect(snapshot.waiting == [bigVariantID])
            }
        }

        @Test("levels saved in one call: new and known rows, the last of repeats wins", arguments: StoreKind.enabled)
        func saveLevels(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { tx in
                    try tx.saveStockLevel(StockLevel(variantID: "v1", locationID: "", available: 1, watermark: t0))
                }
                let levels = try await store.transaction { tx in
                    try tx.saveStockLevels([
                        StockLevel(variantID: "v1", locationID: "", available: 4, watermark: at(1)),
                        StockLevel(variantID: "v2", locationID: "x", available: 7, watermark: at(1)),
                        StockLevel(variantID: "v1", locationID: "", available: 5, watermark: at(2)),
                    ])
                    return try tx.stockSnapshot(variants: ["v1", "v2"]).levels
                }
                #expect(levels["v1"] == [StockLevel(variantID: "v1", locationID: "", available: 5, watermark: at(2))])
                #expect(levels["v2"] == [StockLevel(variantID: "v2", locationID: "x", available: 7, watermark: at(1))])
            }
        }
    }
}

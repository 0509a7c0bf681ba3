import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Stock {
        @Test("levels come back for one variant, ordered by location", arguments: StoreKind.enabled)
        func orderedByLocation(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let levels = try await store.transaction { tx in
                    for location in ["warehouse-b", "", "warehouse-a"] {
                        try tx.saveStockLevel(
                            StockLevel(variantID: bigVariantID, locationID: location, available: 3, watermark: t0))
                    }
                    try tx.saveStockLevel(StockLevel(variantID: "other", locationID: "", available: 9, watermark: t0))
                    return try tx.stockLevels(variant: bigVariantID)
                }
                #expect(levels.map(\.locationID) == ["", "warehouse-a", "warehouse-b"])
                #expect(levels.allSatisfy { $0.variantID == bigVariantID && $0.available == 3 })
            }
        }

        @Test("saving a level again replaces quantity and watermark", arguments: StoreKind.enabled)
        func replaces(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { tx in
                    try tx.saveStockLevel(StockLevel(variantID: "v1", locationID: "", available: 0, watermark: t0))
                }
                let later = StockLevel(variantID: "v1", locationID: "", available: 12, watermark: at(30))
                let levels = try await store.transaction { tx in
                    try tx.saveStockLevel(later)
                    return try tx.stockLevels(variant: "v1")
                }
                #expect(levels == [later])
            }
        }

        @Test("a variant never seen has no levels", arguments: StoreKind.enabled)
        func unknown(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let levels = try await store.transaction { try $0.stockLevels(variant: "nope") }
                #expect(levels == [])
            }
        }
    }
}

import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Catalog {
        static let full = CatalogEntry(
            variantID: "v1", productTitle: "Linen shirt", variantTitle: "M / Blue",
            url: "https://shop.example/p/linen?v=1", imageURL: "https://cdn.example/linen.jpg",
            priceMinor: 4_900, currency: "EUR")

        @Test("an entry reads back as written", arguments: StoreKind.enabled)
        func roundTrip(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let stored = try await store.transaction { tx in
                    try tx.upsertCatalog(Self.full, at: t0)
                    return try tx.catalog(variant: "v1")
                }
                #expect(stored == Self.full)
            }
        }

        @Test("an update's nil fields keep the stored values", arguments: StoreKind.enabled)
        func nilKeepsStored(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { try $0.upsertCatalog(Self.full, at: t0) }
                let stored = try await store.transaction { tx in
                    try tx.upsertCatalog(CatalogEntry(variantID: "v1", priceMinor: 3_900), at: at(60))
                    return try tx.catalog(variant: "v1")
                }
                var expected = Self.full
                expected.priceMinor = 3_900
                #expect(stored == expected)
            }
        }

        @Test("an unknown variant has no entry", arguments: StoreKind.enabled)
        func unknown(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let entry = try await store.transaction { try $0.catalog(variant: "nope") }
                #expect(entry == nil)
            }
        }

        // 271878346596884015 and …016 are the same Double; a store that parses ids as numbers
        // would merge them.
        @Test("shop ids keep every digit and leading zero", arguments: StoreKind.enabled)
        func idsStayText(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let ids = [bigVariantID, "271878346596884016", "000123"]
                let titles = try await store.transaction { tx in
                    for id in ids {
                        try tx.upsertCatalog(CatalogEntry(variantID: id, productTitle: "title \(id)"), at: t0)
                    }
                    return try ids.map { try tx.catalog(variant: $0)?.productTitle }
                }
                #expect(titles == ids.map { "title \($0)" })
                let unpadded = try await store.transaction { try $0.catalog(variant: "123") }
                #expect(unpadded == nil)
            }
        }
    }
}

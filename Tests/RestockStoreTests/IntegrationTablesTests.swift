import Foundation
import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// `inventory_items`, `parked_levels`, `platform_lookups`, `feed_polls`, `variants.removed_at`.
    @Suite struct IntegrationTables {
        @Test("an item is unknown until linked, and the link is per source", arguments: StoreKind.enabled)
        func itemsMapOnceLinked(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let before = try await store.transaction {
                    try $0.lockInventoryItems(source: "shopify", itemIDs: ["271878346596884016", "i2"], at: t0)
                }
                #expect(before.isEmpty)
                try await store.transaction { tx in
                    try tx.linkInventoryItems(
                        source: "shopify",
                        [InventoryItemLink(itemID: "271878346596884016", variantID: "271878346596884015")],
                        at: t0)
                }
                let after = try await store.transaction {
                    try $0.lockInventoryItems(source: "shopify", itemIDs: ["271878346596884016", "i2", "i2"], at: t0)
                }
                let elsewhere = try await store.transaction {
                    try $0.lockInventoryItems(source: "woocommerce", itemIDs: ["271878346596884016"], at: t0)
                }
                #expect(after == ["271878346596884016": "271878346596884015"])
                #expect(elsewhere.isEmpty)
            }
        }

        /// The item lock is what keeps a level from being parked after its mapping looked for
        /// parked levels: a second transaction that locks the item waits for the first, then
        /// sees the mapping it committed.
        @Test("locking an item waits for a transaction that is mapping it", arguments: StoreKind.enabled)
        func lockWaitsForAConcurrentMapping(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { tx in
                    _ = try tx.lockInventoryItems(source: "shopify", itemIDs: ["i1"], at: t0)
                }
                let mapping = Task {
                    try await store.transaction { tx in
                        _ = try tx.lockInventoryItems(source: "shopify", itemIDs: ["i1"], at: t0)
                        try tx.linkInventoryItems(
                            source: "shopify", [InventoryItemLink(itemID: "i1", variantID: "v1")], at: t0)
                        // Hold the lock while the other transaction starts.
                        Thread.sleep(forTimeInterval: 0.5)
                    }
                }
                try await Task.sleep(for: .milliseconds(150))
                let seen = try await store.transaction { tx in
                    try tx.lockInventoryItems(source: "shopify", itemIDs: ["i1"], at: t0)
                }
                try await mapping.value
                #expect(seen == ["i1": "v1"])
            }
        }

        @Test("parked levels keep the newest per location and are taken once", arguments: StoreKind.enabled)
        func parkedLevelsKeepTheNewest(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { tx in
                    try tx.parkItemLevels(
                        source: "shopify",
                        [
                            InventoryItemLevel(itemID: "i1", locationID: "L1", available: 5, occurredAt: at(20)),
                            InventoryItemLevel(itemID: "i1", locationID: "L1", available: 9, occurredAt: at(10)),
                            InventoryItemLevel(itemID: "i1", locationID: "L2", available: 1, occurredAt: at(10)),
                        ], at: t0)
                    // Older than what is parked: ignored.
                    try tx.parkItemLevels(
                        source: "shopify",
                        [InventoryItemLevel(itemID: "i1", locationID: "L2", available: 7, occurredAt: at(5))],
                        at: t0)
                }
                let taken = try await store.transaction { try $0.takeParkedLevels(source: "shopify", itemIDs: ["i1"]) }
                #expect(
                    taken == [
                        InventoryItemLevel(itemID: "i1", locationID: "L1", available: 5, occurredAt: at(20)),
                        InventoryItemLevel(itemID: "i1", locationID: "L2", available: 1, occurredAt: at(10)),
                    ])
                let again = try await store.transaction { try $0.takeParkedLevels(source: "shopify", itemIDs: ["i1"]) }
                #expect(again.isEmpty)
            }
        }

        @Test("lookups come due in order, retry later, and leave when finished", arguments: StoreKind.enabled)
        func lookupsQueue(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let order = PlatformLookup(kind: .order, orderID: "250", occurredAt: at(1))
                let variant = PlatformLookup(
                    kind: .variantInventory, productID: "167", variantID: "271878346596884015", occurredAt: at(2))
                try await store.transaction { tx in
                    try tx.enqueueLookups(source: "bigcommerce", [order, variant], at: t0)
                }
                let due = try await store.transaction { try $0.dueLookups(at: t0, limit: 10) }
                #expect(due.map(\.lookup) == [order, variant])
                #expect(due.allSatisfy { $0.source == "bigcommerce" && $0.attempts == 0 })
                try await store.transaction { tx in
                    try tx.retryLookup(id: due[0].id, due: at(60), error: "HTTP 503")
                    try tx.finishLookup(id: due[1].id)
                }
                #expect(try await store.transaction { try $0.dueLookups(at: at(59), limit: 10) }.isEmpty)
                let later = try await store.transaction { try $0.dueLookups(at: at(60), limit: 10) }
                #expect(later.map(\.attempts) == [1])
                #expect(try await store.transaction { try $0.pendingLookups() } == 1)
            }
        }

        @Test("demand says since when the feed no longer lists a variant people wait for", arguments: StoreKind.enabled)
        func demandShowsRemovedVariants(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                try await store.transaction { tx in
                    _ = try tx.makeWatch("ada@example.com", variant: "v1")
                    _ = try tx.makeWatch("bob@example.com", variant: "v1")
                    _ = try tx.makeWatch("ada@example.com", variant: "v2")
                    try tx.upsertCatalog(CatalogEntry(variantID: "v1", productTitle: "Jacket"), at: t0)
                    try tx.upsertCatalog(CatalogEntry(variantID: "v2", productTitle: "Scarf"), at: t0)
                    try tx.markVariantsRemoved(["v1"], at: at(5))
                }
                let removed = try await store.transaction { try $0.demand(order: .waiting, limit: 10) }
                #expect(removed.map(\.variantID) == ["v1", "v2"])
                #expect(removed.map(\.removedAt) == [at(5), nil])
                #expect(removed.first?.waiting == 2 && removed.first?.productTitle == "Jacket")

                try await store.transaction { tx in try tx.markVariantsRemoved(["v1"], at: nil) }
                let listed = try await store.transaction { try $0.demand(order: .waiting, limit: 10) }
                #expect(listed.map(\.removedAt) == [nil, nil])
            }
        }

        @Test("a feed's validators round-trip; removed variants are marked and cleared", arguments: StoreKind.enabled)
        func feedPollsAndRemovedVariants(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let url = "https://shop.example/feed.xml"
                #expect(try await store.transaction { try $0.feedPoll(url: url) } == nil)
                let state = FeedPollState(
                    url: url, etag: #""abc""#, lastModified: "Tue, 01 Dec 2026 10:00:00 GMT", polledAt: at(10),
                    changedAt: at(10), items: 100_000)
                try await store.transaction { tx in try tx.saveFeedPoll(state) }
                #expect(try await store.transaction { try $0.feedPoll(url: url) } == state)

                try await store.transaction { tx in
                    try tx.upsertCatalog(CatalogEntry(variantID: "v1", productTitle: "Jacket"), at: t0)
                    try tx.markVariantsRemoved(["v1", "v2"], at: at(5))
                }
                #expect(try await store.transaction { try $0.removedVariants() } == ["v1", "v2"])
                // Marking again keeps the first time; the catalog is untouched.
                try await store.transaction { tx in try tx.markVariantsRemoved(["v1"], at: at(9)) }
                #expect(try await store.transaction { try $0.catalog(variant: "v1") }?.productTitle == "Jacket")
                try await store.transaction { tx in try tx.markVariantsRemoved(["v1"], at: nil) }
                #expect(try await store.transaction { try $0.removedVariants() } == ["v2"])
            }
        }
    }
}

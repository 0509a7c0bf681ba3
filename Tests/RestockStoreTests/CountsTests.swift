import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    @Suite struct Counts {
        @Test("an empty store counts nothing", arguments: StoreKind.enabled)
        func empty(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let counts = try await store.transaction { try $0.counts() }
                #expect(counts == StoreCounts(liveWatches: 0, watchedVariants: 0, outboxBacklog: 0, orders: 0))
            }
        }

        @Test("counts cover live watches, watched variants, queued mail and orders", arguments: StoreKind.enabled)
        func counts(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let counts = try await store.transaction { tx in
                    let plan: [(String, String, WatchState)] = [
                        ("ada@example.com", "v1", .watching), ("bob@example.com", "v1", .notified),
                        ("ada@example.com", "v2", .pending), ("bob@example.com", "v2", .soldOutAgain),
                        ("ada@example.com", "v3", .converted), ("bob@example.com", "v4", .unsubscribed),
                    ]
                    for (email, variant, state) in plan {
                        var watch = try tx.makeWatch(email, variant: variant)
                        watch.state = state
                        try tx.saveWatches([watch])
                    }
                    _ = try tx.enqueue([entry(customerID: 1, watchIDs: [1]), entry(customerID: 1, watchIDs: [2])])
                    for id in ["o-1", "o-2", "o-1"] {
                        _ = try tx.saveOrder(
                            OrderEvent(
                                source: "shopify", orderID: id, email: nil, currency: "EUR", totalMinor: 100,
                                status: "paid", lines: [], occurredAt: t0),
                            at: t0)
                    }
                    return try tx.counts()
                }
                #expect(counts == StoreCounts(liveWatches: 4, watchedVariants: 2, outboxBacklog: 2, orders: 2))
            }
        }
    }
}

import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// The store is the inverted index: the feed poller's watched variants come from it.
    @Suite struct WatchedVariants {
        @Test("watchedVariants lists each variant with a live watch once, and no other", arguments: StoreKind.enabled)
        func liveOnly(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let (listed, counts) = try await store.transaction { tx in
                    for (n, state) in WatchState.allCases.enumerated() {
                        var watch = try tx.makeWatch(variant: "v\(n)")
                        watch.state = state
                        try tx.saveWatches([watch])
                    }
                    // A second live watch on a listed variant does not list it twice.
                    _ = try tx.makeWatch("bob@example.com", variant: "v0")
                    return (try tx.watchedVariants(), try tx.counts())
                }
                let live = WatchState.allCases.enumerated().filter { $0.element.isLive }.map { "v\($0.offset)" }
                #expect(listed == live.sorted())
                #expect(counts.watchedVariants == listed.count)
            }
        }
    }
}

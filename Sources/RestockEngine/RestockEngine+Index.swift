import Logging
import RestockCore
import Synchronization

extension RestockEngine {
    /// Rebuilds the in-memory index from the store's live watches, in pages so a million watches
    /// never sit in memory twice. Called once at start, before READY=1.
    public func loadIndex(pageSize: Int = 50_000) async throws {
        var builder = WatchIndex.Builder()
        var after: Int64 = 0
        while true {
            let cursor = after
            let page = try await store.transaction { tx in
                try tx.liveWatches(afterID: cursor, limit: pageSize)
            }
            for watch in page {
                builder.append(
                    watchID: watch.id, variantID: watch.variantID, queuePosition: watch.queuePosition,
                    state: watch.state)
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = last.id
        }
        let built = builder.build()
        index.withLock { $0 = built }
        indexLoaded.store(true, ordering: .releasing)
        logger.info(
            "watch index loaded",
            metadata: ["restock.watches": "\(built.watchCount)", "restock.variants": "\(built.variantCount)"])
    }
}

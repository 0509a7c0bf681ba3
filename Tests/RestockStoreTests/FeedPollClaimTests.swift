import RestockCore
import RestockStore
import RestockTestSupport
import Testing

extension StoreContract {
    /// Daemons sharing a store take turns at a feed through `feed_polls.polled_at`.
    @Suite struct FeedPollClaims {
        @Test("a claim takes a feed never polled or polled long enough ago, and no other", arguments: StoreKind.enabled)
        func claimIsACompareAndSet(kind: StoreKind) async throws {
            try await withStore(kind) { store in
                let url = "https://shop.example/feed.xml"
                // Never polled: the first claim makes the row, without validators.
                #expect(
                    try await store.transaction { try $0.claimFeedPoll(url: url, at: at(100), lastPolledBy: at(10)) })
                let made = try await store.transaction { try $0.feedPoll(url: url) }
                #expect(
                    made
                        == FeedPollState(
                            url: url, etag: nil, lastModified: nil, polledAt: at(100), changedAt: nil, items: 0))
                // Polled at 100: a daemon that wants a poll older than 50 leaves it.
                #expect(
                    try await !store.transaction { try $0.claimFeedPoll(url: url, at: at(110), lastPolledBy: at(50)) })
                #expect(try await store.transaction { try $0.feedPoll(url: url) }?.polledAt == at(100))

                // After a poll saved its validators, the next due claim moves only the time.
                let saved = FeedPollState(
                    url: url, etag: #""abc""#, lastModified: "Tue, 01 Dec 2026 10:00:00 GMT", polledAt: at(100),
                    changedAt: at(100), items: 2_003)
                try await store.transaction { tx in try tx.saveFeedPoll(saved) }
                #expect(
                    try await store.transaction { try $0.claimFeedPoll(url: url, at: at(1_000), lastPolledBy: at(100)) }
                )
                var moved = saved
                moved.polledAt = at(1_000)
                #expect(try await store.transaction { try $0.feedPoll(url: url) } == moved)
            }
        }
    }
}

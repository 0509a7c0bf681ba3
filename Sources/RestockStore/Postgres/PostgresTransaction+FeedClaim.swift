import LibPQ
import RestockCore

/// The compare-and-set on `feed_polls.polled_at` that lets one daemon of several poll a feed.
extension PostgresTransaction {
    func claimFeedPoll(url: String, at: Timestamp, lastPolledBy: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            // A second daemon's upsert waits for the first one's row lock, then tests the
            // condition against the row the first committed, so exactly one of them moves it.
            try connection.execute(
                """
                INSERT INTO feed_polls (url, etag, last_modified, polled_at, changed_at, items)
                VALUES (\(url), NULL, NULL, \(at.microseconds), NULL, 0)
                ON CONFLICT (url) DO UPDATE SET polled_at = EXCLUDED.polled_at
                WHERE feed_polls.polled_at <= \(lastPolledBy.microseconds)
                """) == 1
        }
    }
}

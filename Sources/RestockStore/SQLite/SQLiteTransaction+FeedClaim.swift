import GRDB
import RestockCore

/// The compare-and-set on `feed_polls.polled_at` that lets one daemon of several poll a feed.
extension SQLiteTransaction {
    func claimFeedPoll(url: String, at: Timestamp, lastPolledBy: Timestamp) throws -> Bool {
        try StoreError.mappingSQLite {
            // One statement: the row is inserted, moved forward, or left to the daemon that
            // polled later; `changesCount` says which.
            try db.cachedStatement(
                sql: """
                    INSERT INTO feed_polls (url, etag, last_modified, polled_at, changed_at, items)
                    VALUES (?, NULL, NULL, ?, NULL, 0)
                    ON CONFLICT (url) DO UPDATE SET polled_at = excluded.polled_at
                    WHERE feed_polls.polled_at <= ?
                    """
            ).execute(arguments: [url, at.microseconds, lastPolledBy.microseconds])
            return db.changesCount == 1
        }
    }
}

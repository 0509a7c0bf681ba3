import RestockCore

/// `feed_polls` and `variants.removed_at`: what the feed poller remembers between polls.
extension SQLTransaction {
    func feedPoll(url: String) throws -> FeedPollState? {
        try sql.first(
            "SELECT url, etag, last_modified, polled_at, changed_at, items FROM feed_polls WHERE url = \(url)"
        ) { row in
            FeedPollState(
                url: try row.string(0), etag: try row.optionalString(1), lastModified: try row.optionalString(2),
                polledAt: try row.timestamp(3), changedAt: try row.optionalTimestamp(4), items: try row.int(5))
        }
    }

    /// `items` is a 32-bit column on PostgreSQL, hence the clamp.
    func saveFeedPoll(_ state: FeedPollState) throws {
        try sql.execute(
            """
            INSERT INTO feed_polls (url, etag, last_modified, polled_at, changed_at, items)
            VALUES (\(state.url), \(state.etag), \(state.lastModified), \(state.polledAt.microseconds),
                    \(state.changedAt?.microseconds), \(Int(Int32(clamping: state.items))))
            ON CONFLICT (url) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified,
                polled_at = excluded.polled_at, changed_at = excluded.changed_at, items = excluded.items
            """)
    }

    /// The compare-and-set on `feed_polls.polled_at` that lets one daemon of several poll a
    /// feed: the row is inserted, moved forward, or left to the daemon that polled later. On
    /// PostgreSQL a second daemon's upsert waits for the first one's row lock, then tests the
    /// condition against the row the first committed, so exactly one of them moves it.
    func claimFeedPoll(url: String, at: Timestamp, lastPolledBy: Timestamp) throws -> Bool {
        try sql.execute(
            """
            INSERT INTO feed_polls (url, etag, last_modified, polled_at, changed_at, items)
            VALUES (\(url), NULL, NULL, \(at.microseconds), NULL, 0)
            ON CONFLICT (url) DO UPDATE SET polled_at = excluded.polled_at
            WHERE feed_polls.polled_at <= \(lastPolledBy.microseconds)
            """) == 1
    }

    func markVariantsRemoved(_ variantIDs: [String], at: Timestamp?) throws {
        let ids = Set(variantIDs).sorted()
        guard !ids.isEmpty else { return }
        guard let at else {
            try sql.execute(
                "UPDATE variants SET removed_at = NULL WHERE id \(anyOf: ids) AND removed_at IS NOT NULL")
            return
        }
        // An upsert: a watched variant may have no catalog row yet. `WHERE true` tells SQLite's
        // parser that ON CONFLICT belongs to the INSERT, not to a join of the SELECT.
        try sql.execute(
            """
            INSERT INTO variants (id, updated_at, removed_at)
            SELECT list.value, \(at.microseconds), \(at.microseconds) FROM \(list: ids)
            WHERE true
            ON CONFLICT (id) DO UPDATE SET removed_at = COALESCE(variants.removed_at, excluded.removed_at)
            """)
    }

    func removedVariants() throws -> [String] {
        try sql.all("SELECT id FROM variants WHERE removed_at IS NOT NULL ORDER BY id") { try $0.string(0) }
    }
}

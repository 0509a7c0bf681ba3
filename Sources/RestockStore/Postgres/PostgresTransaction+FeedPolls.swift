import LibPQ
import RestockCore

/// `feed_polls` and `variants.removed_at`: what the feed poller remembers between polls.
extension PostgresTransaction {
    func feedPoll(url: String) throws -> FeedPollState? {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT url, etag, last_modified, polled_at, changed_at, items FROM feed_polls WHERE url = \(url)
                """
            ).map { row in
                FeedPollState(
                    url: try row.decode("url"), etag: try row.decode("etag"),
                    lastModified: try row.decode("last_modified"), polledAt: try row.timestamp("polled_at"),
                    changedAt: try row.optionalTimestamp("changed_at"),
                    items: Int(try row.decode("items", as: Int32.self)))
            }.first
        }
    }

    func saveFeedPoll(_ state: FeedPollState) throws {
        try StoreError.mappingPostgres {
            _ = try connection.execute(
                """
                INSERT INTO feed_polls (url, etag, last_modified, polled_at, changed_at, items)
                VALUES (\(state.url), \(state.etag), \(state.lastModified), \(state.polledAt.microseconds),
                        \(state.changedAt?.microseconds), \(Int32(clamping: state.items)))
                ON CONFLICT (url) DO UPDATE SET
                    etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified,
                    polled_at = EXCLUDED.polled_at, changed_at = EXCLUDED.changed_at, items = EXCLUDED.items
                """)
        }
    }

    func markVariantsRemoved(_ variantIDs: [String], at: Timestamp?) throws {
        let ids = Set(variantIDs).sorted()
        guard !ids.isEmpty else { return }
        try StoreError.mappingPostgres {
            guard let at else {
                _ = try connection.execute(
                    """
                    UPDATE variants SET removed_at = NULL
                    WHERE id = ANY(\(ids)::text[]) AND removed_at IS NOT NULL
                    """)
                return
            }
            // An upsert: a watched variant may have no catalog row yet.
            _ = try connection.execute(
                """
                INSERT INTO variants (id, updated_at, removed_at)
                SELECT id, \(at.microseconds), \(at.microseconds) FROM unnest(\(ids)::text[]) AS id
                ON CONFLICT (id) DO UPDATE SET removed_at = COALESCE(variants.removed_at, EXCLUDED.removed_at)
                """)
        }
    }

    func removedVariants() throws -> [String] {
        try StoreError.mappingPostgres {
            try connection.query("SELECT id FROM variants WHERE removed_at IS NOT NULL ORDER BY id").map {
                try $0.decode("id")
            }
        }
    }
}

import GRDB
import RestockCore

/// `feed_polls` and `variants.removed_at`: what the feed poller remembers between polls.
extension SQLiteTransaction {
    func feedPoll(url: String) throws -> FeedPollState? {
        try StoreError.mappingSQLite {
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT url, etag, last_modified, polled_at, changed_at, items
                        FROM feed_polls WHERE url = ?
                        """),
                arguments: [url]
            ).map { row in
                FeedPollState(
                    url: row["url"], etag: row["etag"], lastModified: row["last_modified"],
                    polledAt: row.timestamp("polled_at"), changedAt: row.optionalTimestamp("changed_at"),
                    items: row["items"])
            }
        }
    }

    func saveFeedPoll(_ state: FeedPollState) throws {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    INSERT INTO feed_polls (url, etag, last_modified, polled_at, changed_at, items)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (url) DO UPDATE SET
                        etag = excluded.etag, last_modified = excluded.last_modified,
                        polled_at = excluded.polled_at, changed_at = excluded.changed_at,
                        items = excluded.items
                    """
            ).execute(arguments: [
                state.url, state.etag, state.lastModified, state.polledAt.microseconds,
                state.changedAt?.microseconds, state.items,
            ])
        }
    }

    func markVariantsRemoved(_ variantIDs: [String], at: Timestamp?) throws {
        try StoreError.mappingSQLite {
            guard let at else {
                let statement = try db.cachedStatement(
                    sql: "UPDATE variants SET removed_at = NULL WHERE id = ? AND removed_at IS NOT NULL")
                for id in variantIDs { try statement.execute(arguments: [id]) }
                return
            }
            // An upsert: a watched variant may have no catalog row yet.
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO variants (id, updated_at, removed_at) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET removed_at = COALESCE(variants.removed_at, excluded.removed_at)
                    """)
            for id in variantIDs { try statement.execute(arguments: [id, at.microseconds, at.microseconds]) }
        }
    }

    func removedVariants() throws -> [String] {
        try StoreError.mappingSQLite {
            try String.fetchAll(db, sql: "SELECT id FROM variants WHERE removed_at IS NOT NULL ORDER BY id")
        }
    }
}

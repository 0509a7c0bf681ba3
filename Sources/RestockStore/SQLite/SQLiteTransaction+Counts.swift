import GRDB
import RestockCore

/// Figures across tables for STATUS=, `/metrics` and `/readyz`.
extension SQLiteTransaction {
    func counts() throws -> StoreCounts {
        try StoreError.mappingSQLite {
            let live = Self.liveStatePlaceholders
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT
                            (SELECT COUNT(*) FROM watches WHERE state IN (\(live))) AS live_watches,
                            (SELECT COUNT(DISTINCT variant_id) FROM watches WHERE state IN (\(live)))
                                AS watched_variants,
                            (SELECT COUNT(*) FROM outbox WHERE state IN (?, ?)) AS outbox_backlog,
                            (SELECT COUNT(*) FROM orders) AS orders
                        """),
                arguments: Self.liveStateArguments + Self.liveStateArguments
                    + [OutboxState.queued.rawValue, OutboxState.sending.rawValue])
            guard let row else { throw StoreError(.query, details: "counts returned no row") }
            return StoreCounts(
                liveWatches: row["live_watches"], watchedVariants: row["watched_variants"],
                outboxBacklog: row["outbox_backlog"], orders: row["orders"])
        }
    }
}

import LibPQ
import RestockCore

/// Figures across tables for STATUS=, `/metrics` and `/readyz`.
extension PostgresTransaction {
    func counts() throws -> StoreCounts {
        try StoreError.mappingPostgres {
            let backlog = [OutboxState.queued.rawValue, OutboxState.sending.rawValue]
            let rows = try connection.query(
                """
                SELECT
                    (SELECT count(*) FROM watches WHERE NOT ended) AS live_watches,
                    (SELECT count(DISTINCT variant_id) FROM watches WHERE NOT ended)
                        AS watched_variants,
                    (SELECT count(*) FROM outbox WHERE state = ANY(\(backlog)::text[])) AS outbox_backlog,
                    (SELECT count(*) FROM orders) AS orders
                """)
            guard let row = rows.first else { throw StoreError(.query, details: "counts returned no row") }
            return StoreCounts(
                liveWatches: try row.decode("live_watches"), watchedVariants: try row.decode("watched_variants"),
                outboxBacklog: try row.decode("outbox_backlog"), orders: try row.decode("orders"))
        }
    }
}

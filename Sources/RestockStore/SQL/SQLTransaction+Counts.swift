import RestockCore

/// Figures across tables for STATUS=, `/metrics` and `/readyz`.
extension SQLTransaction {
    func counts() throws -> StoreCounts {
        let backlog = [OutboxState.queued.rawValue, OutboxState.sending.rawValue]
        let counts = try sql.first(
            """
            SELECT
                (SELECT count(*) FROM watches WHERE NOT ended),
                (SELECT count(DISTINCT variant_id) FROM watches WHERE NOT ended),
                (SELECT count(*) FROM outbox WHERE state \(anyOf: backlog)),
                (SELECT count(*) FROM orders)
            """
        ) { row in
            StoreCounts(
                liveWatches: try row.int(0), watchedVariants: try row.int(1), outboxBacklog: try row.int(2),
                orders: try row.int(3))
        }
        guard let counts else { throw StoreError(.query, details: "counts returned no row") }
        return counts
    }
}

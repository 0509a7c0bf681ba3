import LibPQ
import RestockCore

/// `outbox`, `outbox_item_list`: what became of each watch's back-in-stock email, for the
/// sell-out and the "sold out again" gate.
extension PostgresTransaction {
    /// Both halves of `outbox_item_list` are found through their watch index (`outbox_watch`,
    /// the items' unique key). An email whose item sits in `outbox_items` is about several
    /// watches: a one-item email keeps its item in its own row (migration 7).
    func backInStockNotifications(watchIDs: [Int64]) throws -> [NotificationStatus] {
        guard !watchIDs.isEmpty else { return [] }
        return try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT i.watch_id, i.cycle_id, o.id, o.state, o.watch_id IS NULL AS shared
                FROM outbox_item_list i JOIN outbox o ON o.id = i.outbox_id
                WHERE i.watch_id = ANY(\(watchIDs)::bigint[]) AND i.kind = 'back_in_stock'
                """
            ).map { row in
                NotificationStatus(
                    watchID: try row.decode("watch_id"), cycleID: try row.decode("cycle_id"),
                    outboxID: try row.decode("id"), state: try row.rawEnum("state"),
                    isShared: try row.decode("shared"))
            }
        }
    }
}

import RestockCore

/// `outbox`, `outbox_item_list`: what became of each watch's back-in-stock email, for the
/// sell-out and the "sold out again" gate.
extension SQLTransaction {
    /// Both halves of `outbox_item_list` are found through their watch index (`outbox_watch`,
    /// the items' unique key). An email whose item sits in `outbox_items` is about several
    /// watches: a one-item email keeps its item in its own row.
    func backInStockNotifications(watchIDs: [Int64]) throws -> [NotificationStatus] {
        guard !watchIDs.isEmpty else { return [] }
        return try sql.all(
            """
            SELECT i.watch_id, i.cycle_id, o.id, o.state, o.watch_id IS NULL AS shared
            FROM outbox_item_list i JOIN outbox o ON o.id = i.outbox_id
            WHERE i.watch_id \(anyOf: watchIDs) AND i.kind = 'back_in_stock'
            """
        ) { row in
            NotificationStatus(
                watchID: try row.int64(0), cycleID: try row.optionalInt64(1), outboxID: try row.int64(2),
                state: try row.rawEnum(3), isShared: try row.bool(4))
        }
    }
}

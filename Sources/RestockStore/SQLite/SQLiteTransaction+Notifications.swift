import GRDB
import RestockCore

/// `outbox`, `outbox_items`: what became of each watch's back-in-stock email, for the sell-out
/// and the "sold out again" gate.
extension SQLiteTransaction {
    /// The items' unique key `(watch_id, cycle_id, kind)` finds them; an email is shared when
    /// it has more than one item.
    func backInStockNotifications(watchIDs: [Int64]) throws -> [NotificationStatus] {
        guard !watchIDs.isEmpty else { return [] }
        return try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT i.watch_id, i.cycle_id, o.id, o.state,
                            (SELECT count(*) FROM outbox_items c WHERE c.outbox_id = o.id) > 1 AS shared
                        FROM outbox_items i JOIN outbox o ON o.id = i.outbox_id
                        WHERE i.watch_id IN (SELECT value FROM json_each(?)) AND i.kind = 'back_in_stock'
                        """),
                arguments: [Self.jsonArray(watchIDs)]
            ).map { row in
                NotificationStatus(
                    watchID: row["watch_id"], cycleID: row["cycle_id"], outboxID: row["id"],
                    state: try row.rawEnum("state"), isShared: row["shared"])
            }
        }
    }
}

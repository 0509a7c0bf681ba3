import GRDB
import RestockCore

/// `outbox`, `outbox_items`: emails waiting to be sent, and the watches each one covers.
extension SQLiteTransaction {
    /// Entries go in as multi-row INSERTs of ``enqueueChunkSize`` rows, then their items the
    /// same way: a statement per row spent most of a 100,000-entry wave stepping statements.
    /// A chunk's entry rows go in before its items, so a duplicate `dedupe_key` skips its items;
    /// rows of one statement are inserted in the order given, so ids grow with it and a key
    /// given twice is inserted at its first occurrence, as a loop would.
    func enqueue(_ entries: [NewOutboxEntry]) throws -> [Int64?] {
        try StoreError.mappingSQLite {
            let now = Timestamp.now.microseconds
            var ids: [Int64?] = []
            ids.reserveCapacity(entries.count)
            var items = OutboxItemRows(db: db)
            for chunk in entries.chunks(of: Self.enqueueChunkSize) {
                let chunkIDs = try insertOutboxRows(chunk, now: now)
                for (entry, id) in zip(chunk, chunkIDs) {
                    guard let id else { continue }
                    for item in entry.items { try items.append(outboxID: id, item: item, kind: entry.kind) }
                }
                ids += chunkIDs
            }
            try items.flush()
            return ids
        }
    }

    func outboxEntries(state: OutboxState?, limit: Int) throws -> [OutboxEntry] {
        try StoreError.mappingSQLite {
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at
                        FROM outbox WHERE (?1 IS NULL OR state = ?1) ORDER BY id LIMIT ?2
                        """),
                arguments: [state?.rawValue, limit])
            guard !rows.isEmpty else { return [] }

            // The same filter again as a subquery fetches every item in one statement.
            var items: [Int64: [OutboxItem]] = [:]
            let itemRows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT outbox_id, watch_id, variant_id, cycle_id FROM outbox_items
                        WHERE outbox_id IN (
                            SELECT id FROM outbox WHERE (?1 IS NULL OR state = ?1) ORDER BY id LIMIT ?2)
                        ORDER BY outbox_id, watch_id
                        """),
                arguments: [state?.rawValue, limit])
            while let row = try itemRows.next() {
                items[row["outbox_id"], default: []].append(
                    OutboxItem(watchID: row["watch_id"], variantID: row["variant_id"], cycleID: row["cycle_id"]))
            }

            return try rows.map { row in
                let id: Int64 = row["id"]
                return OutboxEntry(
                    id: id, customerID: row["customer_id"], kind: try row.rawEnum("kind"),
                    dedupeKey: row["dedupe_key"], state: try row.rawEnum("state"),
                    attempts: row["attempts"], dueAt: row.timestamp("due_at"),
                    createdAt: row.timestamp("created_at"), items: items[id] ?? [])
            }
        }
    }
}

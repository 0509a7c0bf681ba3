import GRDB
import RestockCore

/// `outbox`, `outbox_items`: emails waiting to be sent, and the watches each one covers.
extension SQLiteTransaction {
    /// One prepared INSERT pair rebound per entry; fast enough for 100,000 entries in one
    /// transaction. The entry row is inserted first so a duplicate `dedupe_key` skips its items.
    func enqueue(_ entries: [NewOutboxEntry]) throws -> [Int64?] {
        try StoreError.mappingSQLite {
            let now = Timestamp.now.microseconds
            let insertEntry = try db.cachedStatement(
                sql: """
                    INSERT INTO outbox (customer_id, kind, dedupe_key, state, attempts, due_at,
                                        created_at, updated_at)
                    VALUES (?, ?, ?, ?, 0, ?, ?, ?)
                    ON CONFLICT (dedupe_key) DO NOTHING
                    """)
            let insertItem = try db.cachedStatement(
                sql: """
                    INSERT INTO outbox_items (outbox_id, watch_id, variant_id, cycle_id, kind)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            var ids: [Int64?] = []
            ids.reserveCapacity(entries.count)
            for entry in entries {
                try insertEntry.execute(arguments: [
                    entry.customerID, entry.kind.rawValue, entry.dedupeKey, OutboxState.queued.rawValue,
                    entry.dueAt.microseconds, now, now,
                ])
                guard db.changesCount == 1 else {
                    ids.append(nil)
                    continue
                }
                let id = db.lastInsertedRowID
                for item in entry.items {
                    try insertItem.execute(arguments: [
                        id, item.watchID, item.variantID, item.cycleID, entry.kind.rawValue,
                    ])
                }
                ids.append(id)
            }
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

import GRDB
import RestockCore

/// `outbox`, `outbox_items`: emails waiting to be sent, and the watches each one covers.
extension SQLiteTransaction {
    /// Entries go in as multi-row INSERTs of ``enqueueChunkSize`` rows, then their items the
    /// same way: a statement per row spent most of a 100,000-entry wave stepping statements.
    /// A chunk's entry rows go in before its items, so a duplicate `dedupe_key` skips its items;
    /// rows of one statement are inserted in the order given, so ids grow with it and a key
    /// given twice is inserted at its first occurrence, as a loop would.
    func enqueue(_ entries: [NewOutboxEntry], at: Timestamp) throws -> [Int64?] {
        try StoreError.mappingSQLite {
            let now = at.microseconds
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

    static let outboxColumns = """
        id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, sent_at, message_id,
        reply, last_error, lease_token, deferred_since
        """

    /// A row of ``outboxColumns`` with its items.
    static func outboxEntry(_ row: Row, items: [Int64: [OutboxItem]]) throws -> OutboxEntry {
        let id: Int64 = row["id"]
        return OutboxEntry(
            id: id, customerID: row["customer_id"], kind: try row.rawEnum("kind"), dedupeKey: row["dedupe_key"],
            state: try row.rawEnum("state"), attempts: row["attempts"], dueAt: row.timestamp("due_at"),
            createdAt: row.timestamp("created_at"), items: items[id] ?? [],
            sentAt: row.optionalTimestamp("sent_at"), messageID: row["message_id"], reply: row["reply"],
            lastError: row["last_error"], leaseToken: row["lease_token"],
            deferredSince: row.optionalTimestamp("deferred_since"))
    }

    /// The items of the given rows, by row, each row's in watch order; the ids travel as one
    /// JSON array (`json_each`), however many there are.
    func outboxItems(of ids: [Int64]) throws -> [Int64: [OutboxItem]] {
        guard !ids.isEmpty else { return [:] }
        var items: [Int64: [OutboxItem]] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT outbox_id, watch_id, variant_id, cycle_id FROM outbox_items
                    WHERE outbox_id IN (SELECT value FROM json_each(?))
                    ORDER BY outbox_id, watch_id
                    """),
            arguments: [Self.jsonArray(ids)])
        while let row = try rows.next() {
            items[row["outbox_id"], default: []].append(
                OutboxItem(watchID: row["watch_id"], variantID: row["variant_id"], cycleID: row["cycle_id"]))
        }
        return items
    }

    func outboxEntries(state: OutboxState?, limit: Int) throws -> [OutboxEntry] {
        try StoreError.mappingSQLite {
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.outboxColumns)
                        FROM outbox WHERE (?1 IS NULL OR state = ?1) ORDER BY id LIMIT ?2
                        """),
                arguments: [state?.rawValue, limit])
            let items = try outboxItems(of: rows.map { $0["id"] })
            return try rows.map { try Self.outboxEntry($0, items: items) }
        }
    }
}

extension SQLiteTransaction {
    func outboxEntry(id: Int64) throws -> OutboxEntry? {
        try StoreError.mappingSQLite {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT \(Self.outboxColumns) FROM outbox WHERE id = ?"), arguments: [id])
            else { return nil }
            return try Self.outboxEntry(row, items: try outboxItems(of: [id]))
        }
    }
}

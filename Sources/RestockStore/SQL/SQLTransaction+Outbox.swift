import RestockCore

/// `outbox`, `outbox_items`: emails waiting to be sent, and the watches each one covers. An
/// email about one watch (nearly all of them) keeps its item in its own row (`watch_id`,
/// `variant_id`, `cycle_id`); only emails about several watches have rows in `outbox_items`.
/// `outbox_item_list` reads both as one.
extension SQLTransaction {
    /// Rows are inserted in the order given, so ids grow with it, and a key given twice is
    /// inserted at its first occurrence, as a loop would; a known key is skipped (`nil`). How
    /// many rows a statement carries differs by dialect: see `SQLiteConnection.enqueue` and
    /// `PostgresSQLConnection.enqueue`.
    func enqueue(_ entries: [NewOutboxEntry], at: Timestamp) throws -> [Int64?] {
        if let sqlite = sql as? SQLiteConnection { return try sqlite.enqueue(entries, at: at) }
        if let postgres = sql as? PostgresSQLConnection { return try postgres.enqueue(entries, at: at) }
        throw StoreError(.query, details: "no outbox insert for \(sql.dialect)")
    }

    /// Read back by position in ``outboxEntry(_:items:)``.
    static var outboxColumns: String {
        """
        id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, sent_at, message_id,
        reply, last_error, lease_token, deferred_since
        """
    }

    /// A row of ``outboxColumns`` with its items.
    static func outboxEntry(_ row: Connection.Row, items: [Int64: [OutboxItem]]) throws -> OutboxEntry {
        let id = try row.int64(0)
        return OutboxEntry(
            id: id, customerID: try row.int64(1), kind: try row.rawEnum(2), dedupeKey: try row.string(3),
            state: try row.rawEnum(4), attempts: try row.int(5), dueAt: try row.timestamp(6),
            createdAt: try row.timestamp(7), items: items[id] ?? [], sentAt: try row.optionalTimestamp(8),
            messageID: try row.optionalString(9), reply: try row.optionalString(10),
            lastError: try row.optionalString(11), leaseToken: try row.int64(12),
            deferredSince: try row.optionalTimestamp(13))
    }

    /// The rows made into entries with their items, which one more statement reads for all.
    func outboxEntries(_ sql: SQL) throws -> [OutboxEntry] {
        // Entries without items first: SQLite's rows live only inside the loop.
        var entries = try self.sql.all(sql) { try Self.outboxEntry($0, items: [:]) }
        let items = try outboxItems(of: entries.map(\.id))
        for index in entries.indices { entries[index].items = items[entries[index].id] ?? [] }
        return entries
    }

    /// The items of the given rows, by row, each row's in watch order.
    func outboxItems(of ids: [Int64]) throws -> [Int64: [OutboxItem]] {
        guard !ids.isEmpty else { return [:] }
        var items: [Int64: [OutboxItem]] = [:]
        try sql.forEachRow(
            """
            SELECT outbox_id, watch_id, variant_id, cycle_id FROM outbox_item_list
            WHERE outbox_id \(anyOf: ids)
            ORDER BY outbox_id, watch_id
            """
        ) { row in
            items[try row.int64(0), default: []].append(
                OutboxItem(watchID: try row.int64(1), variantID: try row.string(2), cycleID: try row.optionalInt64(3)))
        }
        return items
    }

    func outboxEntries(state: OutboxState?, limit: Int) throws -> [OutboxEntry] {
        guard let state else {
            return try outboxEntries("SELECT \(raw: Self.outboxColumns) FROM outbox ORDER BY id LIMIT \(limit)")
        }
        return try outboxEntries(
            "SELECT \(raw: Self.outboxColumns) FROM outbox WHERE state = \(state.rawValue) ORDER BY id LIMIT \(limit)")
    }

    func outboxEntry(id: Int64) throws -> OutboxEntry? {
        try outboxEntries("SELECT \(raw: Self.outboxColumns) FROM outbox WHERE id = \(id)").first
    }
}

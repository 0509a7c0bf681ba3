import LibPQ
import RestockCore

/// `outbox`, `outbox_items`: emails waiting to be sent, and the watches each one covers (in the
/// row itself for an email about one watch; `outbox_item_list` reads both).
extension PostgresTransaction {
    /// One INSERT per ``bulkChunkSize`` entries, of the rows from unnested arrays, skipping known
    /// dedupe keys. An email about one watch (nearly all of them) carries its item in its own
    /// row; only the items of emails about several watches need a second INSERT, into
    /// `outbox_items`. The rows are inserted in the order given (`WITH ORDINALITY … ORDER BY`),
    /// so ids grow with it, and a key given twice is inserted at its first occurrence, as a
    /// loop would.
    ///
    /// A big call (``bulkThreshold`` entries or more) first inserts without
    /// `ON CONFLICT`, inside a savepoint: a key already taken is rare (a replay finds its
    /// watches already notified, so it queues nothing), and `ON CONFLICT` costs every row an
    /// extra probe of the key index and a second WAL record. A duplicate makes that attempt
    /// fail as a whole; it is rolled back to the savepoint and made again, skipping known keys.
    func enqueue(_ entries: [NewOutboxEntry], at: Timestamp) throws -> [Int64?] {
        try StoreError.mappingPostgres {
            guard entries.count >= Self.bulkThreshold else {
                return try insert(entries, at: at, skippingKnownKeys: true)
            }
            let ids: [Int64?]
            // Set once the savepoint is taken: a statement sent before it, failing as the first
            // chunk waits for it, is not this call's to retry.
            var inSavepoint = false
            do {
                ids = try insert(entries, at: at, skippingKnownKeys: false) {
                    try allowBulkMemory()
                    try connection.execute("SAVEPOINT restock_enqueue")
                    inSavepoint = true
                }
            } catch let error as PostgresError where error.isUniqueViolation && inSavepoint {
                try connection.execute("ROLLBACK TO SAVEPOINT restock_enqueue")
                ids = try insert(entries, at: at, skippingKnownKeys: true)
            }
            try connection.execute("RELEASE SAVEPOINT restock_enqueue")
            return ids
        }
    }

    /// Each chunk's INSERT is built before the statement in flight is waited for and then sent
    /// without waiting (`send`), so building it, a tenth of a second for 50,000 rows, overlaps
    /// the server's work on the one before; `beforeFirst` runs between building the first and
    /// sending it.
    private func insert(
        _ entries: [NewOutboxEntry], at: Timestamp, skippingKnownKeys: Bool,
        beforeFirst: () throws -> Void = {}
    ) throws -> [Int64?] {
        var sent: [(chunk: ArraySlice<NewOutboxEntry>, answer: Answer)] = []
        for chunk in entries.chunks(of: Self.bulkChunkSize) where !chunk.isEmpty {
            let query = Self.insertOutbox(chunk, at: at, skippingKnownKeys: skippingKnownKeys)
            if sent.isEmpty { try beforeFirst() }
            let answer = Answer()
            try connection.send(query) { answer.rows = $0 }
            sent.append((chunk, answer))
        }
        try connection.finishPending()
        var ids: [Int64?] = []
        ids.reserveCapacity(entries.count)
        for (chunk, answer) in sent {
            guard let rows = answer.rows else {
                throw StoreError(.query, details: "outbox insert was not answered")
            }
            let chunkIDs = try Self.positions(of: rows, in: chunk)
            try insertItems(of: chunk, ids: chunkIDs)
            ids += chunkIDs
        }
        return ids
    }

    /// Where a sent INSERT's rows are kept until they are read.
    private final class Answer {
        var rows: PostgresRows?
    }

    private static func insertOutbox(
        _ entries: ArraySlice<NewOutboxEntry>, at: Timestamp, skippingKnownKeys: Bool
    ) -> PostgresQuery {
        let now = at.microseconds
        let single = entries.map { $0.items.count == 1 ? $0.items[0] : nil }
        return """
            INSERT INTO outbox (customer_id, kind, dedupe_key, state, attempts, due_at,
                                created_at, updated_at, watch_id, variant_id, cycle_id)
            SELECT u.customer_id, u.kind, u.dedupe_key, \(OutboxState.queued.rawValue)::text, 0, u.due_at,
                   \(now), \(now), u.watch_id, u.variant_id, u.cycle_id
            FROM unnest(\(entries.map(\.customerID))::bigint[], \(entries.map(\.kind.rawValue))::text[],
                        \(entries.map(\.dedupeKey))::text[], \(entries.map(\.dueAt.microseconds))::bigint[],
                        \(single.map { $0?.watchID })::bigint[], \(single.map { $0?.variantID })::text[],
                        \(single.map { $0?.cycleID })::bigint[])
                WITH ORDINALITY AS u(customer_id, kind, dedupe_key, due_at, watch_id, variant_id, cycle_id, position)
            ORDER BY u.position
            \(unsafeRaw: skippingKnownKeys ? "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key" : "RETURNING id")
            """
    }

    /// The items of the inserted emails about several watches.
    private func insertItems(of entries: ArraySlice<NewOutboxEntry>, ids: [Int64?]) throws {
        var outboxIDs: [Int64] = []
        var watchIDs: [Int64] = []
        var variantIDs: [String] = []
        var cycleIDs: [Int64?] = []
        var kinds: [String] = []
        for (entry, id) in zip(entries, ids) where entry.items.count > 1 {
            guard let id else { continue }
            for item in entry.items {
                outboxIDs.append(id)
                watchIDs.append(item.watchID)
                variantIDs.append(item.variantID)
                cycleIDs.append(item.cycleID)
                kinds.append(entry.kind.rawValue)
            }
        }
        guard !outboxIDs.isEmpty else { return }
        try connection.execute(
            """
            INSERT INTO outbox_items (outbox_id, watch_id, variant_id, cycle_id, kind)
            SELECT * FROM unnest(\(outboxIDs)::bigint[], \(watchIDs)::bigint[], \(variantIDs)::text[],
                                 \(cycleIDs)::bigint[], \(kinds)::text[])
            """)
    }

    /// The ids of the `RETURNING id[, dedupe_key]` rows at the positions of their entries, `nil`
    /// for entries skipped (only an INSERT that skips returns its keys: the others insert all).
    private static func positions(of inserted: PostgresRows, in entries: ArraySlice<NewOutboxEntry>)
        throws -> [Int64?]
    {
        if inserted.count == entries.count {
            // Nothing skipped, and ids were drawn in row order whatever order RETURNING uses:
            // sorting them spares decoding and hashing 50,000 keys.
            return try inserted.map { try $0.decode(0, as: Int64.self) }.sorted()
        }
        var firstPosition: [String: Int] = [:]
        firstPosition.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() where firstPosition[entry.dedupeKey] == nil {
            firstPosition[entry.dedupeKey] = position
        }
        var ids = [Int64?](repeating: nil, count: entries.count)
        for row in inserted {
            let key = try row.decode(1, as: String.self)
            guard let position = firstPosition[key] else {
                throw StoreError(.query, details: "outbox insert returned a key it was not given")
            }
            ids[position] = try row.decode(0, as: Int64.self)
        }
        return ids
    }

    static let outboxColumns = """
        id, customer_id, kind, dedupe_key, state, attempts, due_at, created_at, sent_at, message_id,
        reply, last_error, lease_token, deferred_since
        """

    /// A row of ``outboxColumns`` with its items.
    static func outboxEntry(_ row: PostgresRow, items: [Int64: [OutboxItem]]) throws -> OutboxEntry {
        let id = try row.decode("id", as: Int64.self)
        return OutboxEntry(
            id: id, customerID: try row.decode("customer_id"), kind: try row.rawEnum("kind"),
            dedupeKey: try row.decode("dedupe_key"), state: try row.rawEnum("state"),
            attempts: try row.decode("attempts"), dueAt: try row.timestamp("due_at"),
            createdAt: try row.timestamp("created_at"), items: items[id] ?? [],
            sentAt: try row.optionalTimestamp("sent_at"), messageID: try row.decode("message_id"),
            reply: try row.decode("reply"), lastError: try row.decode("last_error"),
            leaseToken: try row.decode("lease_token"), deferredSince: try row.optionalTimestamp("deferred_since"))
    }

    /// The items of the given rows, by row, each row's in watch order.
    func outboxItems(of ids: [Int64]) throws -> [Int64: [OutboxItem]] {
        guard !ids.isEmpty else { return [:] }
        var items: [Int64: [OutboxItem]] = [:]
        for row in try connection.query(
            """
            SELECT outbox_id, watch_id, variant_id, cycle_id FROM outbox_item_list
            WHERE outbox_id = ANY(\(ids)::bigint[])
            ORDER BY outbox_id, watch_id
            """)
        {
            items[try row.decode("outbox_id"), default: []].append(
                OutboxItem(
                    watchID: try row.decode("watch_id"), variantID: try row.decode("variant_id"),
                    cycleID: try row.decode("cycle_id")))
        }
        return items
    }

    func outboxEntries(state: OutboxState?, limit: Int) throws -> [OutboxEntry] {
        try StoreError.mappingPostgres {
            let rows = try connection.query(
                """
                SELECT \(unsafeRaw: Self.outboxColumns)
                FROM outbox WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue)::text)
                ORDER BY id LIMIT \(limit)
                """)
            let items = try outboxItems(of: try rows.map { try $0.decode("id", as: Int64.self) })
            return try rows.map { try Self.outboxEntry($0, items: items) }
        }
    }
}

extension PostgresTransaction {
    func outboxEntry(id: Int64) throws -> OutboxEntry? {
        try StoreError.mappingPostgres {
            guard
                let row = try connection.query("SELECT \(unsafeRaw: Self.outboxColumns) FROM outbox WHERE id = \(id)")
                    .first
            else { return nil }
            return try Self.outboxEntry(row, items: try outboxItems(of: [id]))
        }
    }
}

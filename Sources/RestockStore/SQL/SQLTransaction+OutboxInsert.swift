import GRDB
import LibPQ
import RestockCore

/// The two ways ``SQLTransaction/enqueue(_:at:)`` inserts an outbox, side by side: the
/// rows are the same (a one-item email's item in its own row, the items of emails about several
/// watches in `outbox_items`), what differs is how many rows a statement carries and how.

/// SQLite: multi-row INSERTs of ``enqueueChunkSize`` rows, built and compiled once per
/// connection, their arguments bound as one array: a statement per row spent most of a
/// 100,000-entry wave stepping statements.
extension SQLiteConnection {
    /// Rows per multi-row INSERT: 500 measured a little faster than 100 on a 100,000-entry wave,
    /// and 3,502 arguments stay far below SQLite's limit of 32,766.
    static let enqueueChunkSize = 500

    /// A chunk's entry rows go in before its items, so a duplicate `dedupe_key` skips its items.
    func enqueue(_ entries: [NewOutboxEntry], at: Timestamp) throws -> [Int64?] {
        try StoreError.mappingSQLite {
            let now = at.microseconds
            var ids: [Int64?] = []
            ids.reserveCapacity(entries.count)
            var items = OutboxItemRows(db: db)
            for chunk in entries.chunks(of: Self.enqueueChunkSize) {
                let chunkIDs = try insertOutboxRows(chunk, now: now)
                for (entry, id) in zip(chunk, chunkIDs) where entry.items.count > 1 {
                    guard let id else { continue }
                    for item in entry.items { try items.append(outboxID: id, item: item, kind: entry.kind) }
                }
                ids += chunkIDs
            }
            try items.flush()
            return ids
        }
    }

    /// A statement for `rows` rows of `sql(rows)`: the full-size one is built and compiled once
    /// per connection (`fullSQL`), a wave's last, shorter chunk is compiled for its single use.
    static func multiRowStatement(
        _ db: Database, rows: Int, fullSQL: String, sql: (Int) -> String
    ) throws -> Statement {
        rows == enqueueChunkSize
            ? try db.cachedStatement(sql: fullSQL) : try db.makeStatement(sql: sql(rows))
    }

    private static let fullOutboxSQL = outboxSQL(rows: enqueueChunkSize)

    /// ?1 and ?2 are the state and clock every row shares; each row binds seven more.
    private static func outboxSQL(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let first = 3 + 7 * row
            return "(?\(first), ?\(first + 1), ?\(first + 2), ?1, 0, ?\(first + 3), ?2, ?2, "
                + "?\(first + 4), ?\(first + 5), ?\(first + 6))"
        }
        return """
            INSERT INTO outbox (customer_id, kind, dedupe_key, state, attempts, due_at, created_at,
                                updated_at, watch_id, variant_id, cycle_id)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id, dedupe_key
            """
    }

    /// Inserts the entries' outbox rows and returns their ids in the order given, `nil` for an
    /// entry whose key is already queued (or repeats an earlier entry's).
    private func insertOutboxRows(_ entries: ArraySlice<NewOutboxEntry>, now: Int64) throws -> [Int64?] {
        guard !entries.isEmpty else { return [] }
        let statement = try Self.multiRowStatement(
            db, rows: entries.count, fullSQL: Self.fullOutboxSQL, sql: Self.outboxSQL)
        var values: [DatabaseValue] = [
            OutboxState.queued.rawValue.databaseValue, now.databaseValue,
        ]
        values.reserveCapacity(2 + 7 * entries.count)
        for entry in entries {
            values.append(entry.customerID.databaseValue)
            values.append(entry.kind.rawValue.databaseValue)
            values.append(entry.dedupeKey.databaseValue)
            values.append(entry.dueAt.microseconds.databaseValue)
            let single = entry.items.count == 1 ? entry.items[0] : nil
            values.append(single?.watchID.databaseValue ?? .null)
            values.append(single?.variantID.databaseValue ?? .null)
            values.append(single?.cycleID?.databaseValue ?? .null)
        }

        var inserted: [(id: Int64, key: String)] = []
        inserted.reserveCapacity(entries.count)
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(values))
        while let row = try rows.next() { inserted.append((row[0], row[1])) }

        if inserted.count == entries.count {
            // Nothing skipped: ids were handed out in row order, whatever order RETURNING uses.
            return inserted.map(\.id).sorted()
        }
        return try OutboxInsertPositions.ids(of: inserted, in: entries)
    }
}

/// `outbox_items` rows collected and inserted ``SQLiteConnection/enqueueChunkSize`` at a time.
struct OutboxItemRows {
    let db: Database
    private var values: [DatabaseValue] = []
    private var rows = 0

    init(db: Database) {
        self.db = db
        values.reserveCapacity(5 * SQLiteConnection.enqueueChunkSize)
    }

    mutating func append(outboxID: Int64, item: OutboxItem, kind: NotificationKind) throws {
        values.append(outboxID.databaseValue)
        values.append(item.watchID.databaseValue)
        values.append(item.variantID.databaseValue)
        values.append(item.cycleID.databaseValue)
        values.append(kind.rawValue.databaseValue)
        rows += 1
        if rows == SQLiteConnection.enqueueChunkSize { try flush() }
    }

    /// Inserts the rows collected so far.
    mutating func flush() throws {
        guard rows > 0 else { return }
        let statement = try SQLiteConnection.multiRowStatement(
            db, rows: rows, fullSQL: Self.fullSQL, sql: Self.sql)
        try statement.execute(arguments: StatementArguments(values))
        values.removeAll(keepingCapacity: true)
        rows = 0
    }

    private static let fullSQL = sql(rows: SQLiteConnection.enqueueChunkSize)

    private static func sql(rows: Int) -> String {
        """
        INSERT INTO outbox_items (outbox_id, watch_id, variant_id, cycle_id, kind)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        """
    }
}

/// Where the ids an INSERT … RETURNING id, dedupe_key gave belong, when it skipped some keys.
enum OutboxInsertPositions {
    /// The ids at the positions of their entries, `nil` for entries skipped; a key given twice
    /// takes its first position.
    static func ids(of inserted: [(id: Int64, key: String)], in entries: ArraySlice<NewOutboxEntry>) throws
        -> [Int64?]
    {
        var firstPosition: [String: Int] = [:]
        firstPosition.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() where firstPosition[entry.dedupeKey] == nil {
            firstPosition[entry.dedupeKey] = position
        }
        var ids = [Int64?](repeating: nil, count: entries.count)
        for (id, key) in inserted {
            guard let position = firstPosition[key] else {
                throw StoreError(.query, details: "outbox insert returned a key it was not given")
            }
            ids[position] = id
        }
        return ids
    }
}

/// PostgreSQL: one INSERT per ``bulkChunkSize`` entries from unnested arrays, sent pipelined.
extension PostgresSQLConnection {
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
        return try OutboxInsertPositions.ids(
            of: inserted.map { (id: try $0.decode(0, as: Int64.self), key: try $0.decode(1, as: String.self)) },
            in: entries)
    }
}

import GRDB
import RestockCore

/// The multi-row INSERTs behind ``SQLiteTransaction/enqueue(_:)``.
extension SQLiteTransaction {
    /// Rows per multi-row INSERT: 500 measured a little faster than 100 on a 100,000-entry wave,
    /// and 2,002 arguments stay far below SQLite's limit of 32,766.
    static let enqueueChunkSize = 500

    /// A statement for `rows` rows of `sql(rows)`: the full-size one is built and compiled once
    /// per connection (`fullSQL`), a wave's last, shorter chunk is compiled for its single use.
    static func multiRowStatement(
        _ db: Database, rows: Int, fullSQL: String, sql: (Int) -> String
    ) throws -> Statement {
        rows == enqueueChunkSize
            ? try db.cachedStatement(sql: fullSQL) : try db.makeStatement(sql: sql(rows))
    }

    private static let fullOutboxSQL = outboxSQL(rows: enqueueChunkSize)

    /// ?1 and ?2 are the state and clock every row shares; each row binds four more.
    private static func outboxSQL(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let first = 3 + 4 * row
            return "(?\(first), ?\(first + 1), ?\(first + 2), ?1, 0, ?\(first + 3), ?2, ?2)"
        }
        return """
            INSERT INTO outbox (customer_id, kind, dedupe_key, state, attempts, due_at, created_at,
                                updated_at)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id, dedupe_key
            """
    }

    /// Inserts the entries' outbox rows and returns their ids in the order given, `nil` for an
    /// entry whose key is already queued (or repeats an earlier entry's).
    func insertOutboxRows(_ entries: ArraySlice<NewOutboxEntry>, now: Int64) throws -> [Int64?] {
        guard !entries.isEmpty else { return [] }
        let statement = try Self.multiRowStatement(
            db, rows: entries.count, fullSQL: Self.fullOutboxSQL, sql: Self.outboxSQL)
        var values: [DatabaseValue] = [
            OutboxState.queued.rawValue.databaseValue, now.databaseValue,
        ]
        values.reserveCapacity(2 + 4 * entries.count)
        for entry in entries {
            values.append(entry.customerID.databaseValue)
            values.append(entry.kind.rawValue.databaseValue)
            values.append(entry.dedupeKey.databaseValue)
            values.append(entry.dueAt.microseconds.databaseValue)
        }

        var inserted: [(id: Int64, key: String)] = []
        inserted.reserveCapacity(entries.count)
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(values))
        while let row = try rows.next() { inserted.append((row[0], row[1])) }

        if inserted.count == entries.count {
            // Nothing skipped: ids were handed out in row order, whatever order RETURNING uses.
            return inserted.map(\.id).sorted()
        }
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

/// `outbox_items` rows collected and inserted ``SQLiteTransaction/enqueueChunkSize`` at a time.
struct OutboxItemRows {
    let db: Database
    private var values: [DatabaseValue] = []
    private var rows = 0

    init(db: Database) {
        self.db = db
        values.reserveCapacity(5 * SQLiteTransaction.enqueueChunkSize)
    }

    mutating func append(outboxID: Int64, item: OutboxItem, kind: NotificationKind) throws {
        values.append(outboxID.databaseValue)
        values.append(item.watchID.databaseValue)
        values.append(item.variantID.databaseValue)
        values.append(item.cycleID.databaseValue)
        values.append(kind.rawValue.databaseValue)
        rows += 1
        if rows == SQLiteTransaction.enqueueChunkSize { try flush() }
    }

    /// Inserts the rows collected so far.
    mutating func flush() throws {
        guard rows > 0 else { return }
        let statement = try SQLiteTransaction.multiRowStatement(
            db, rows: rows, fullSQL: Self.fullSQL, sql: Self.sql)
        try statement.execute(arguments: StatementArguments(values))
        values.removeAll(keepingCapacity: true)
        rows = 0
    }

    private static let fullSQL = sql(rows: SQLiteTransaction.enqueueChunkSize)

    private static func sql(rows: Int) -> String {
        """
        INSERT INTO outbox_items (outbox_id, watch_id, variant_id, cycle_id, kind)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        """
    }
}

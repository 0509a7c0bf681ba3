import LibPQ
import RestockCore

/// One transaction of ``PostgresStore``, on the connection that ran `BEGIN`. The SQL for each
/// table is in `PostgresTransaction+<Table>.swift`; every method turns LibPQ's errors into
/// ``StoreError`` so a body sees the same error type on both stores.
///
/// Values always travel as `$n` parameters (``LibPQ/PostgresQuery`` interpolation). Bulk writes
/// bind whole arrays and `unnest` them, so 100,000 rows cost one round trip, not 100,000.
///
/// A failed statement aborts a PostgreSQL transaction, unlike SQLite's, so nothing after it can
/// run; no caller catches an error inside a transaction body, so the two stores behave alike.
struct PostgresTransaction: StoreTransaction {
    let connection: PostgresConnection
    /// Whether ``allowBulkMemory()`` has run in this transaction; a restock's watch update and
    /// outbox insert would each ask for it.
    let bulkMemory = BulkMemory()

    final class BulkMemory {
        var allowed = false
    }

    /// The raw values of the live watch states, for `state = ANY(…::text[])`.
    static let liveStates = WatchState.liveStates.map(\.rawValue)

    /// Most rows one bulk statement carries. Each array travels as one text parameter that the
    /// server parses whole, so a million-row wave is sent in pieces rather than as one huge
    /// literal; 50,000 rows keep a piece to a few megabytes.
    static let bulkChunkSize = 50_000

    /// From this many rows on a write is bulk: it raises ``allowBulkMemory()``, and an outbox
    /// insert tries plain INSERTs first. Below it, the extra round trips cost more than they save.
    static let bulkThreshold = 1_000

    /// Raises `work_mem` to 64 MB for the rest of the transaction, once, unless the session's is
    /// higher. A bulk statement's hash joins, sorts and materialised CTEs over 50,000 rows
    /// outgrow PostgreSQL's default 4 MB and spill to temporary files (`auto_explain` showed the
    /// watch UPDATE's hash join and CTE and the outbox insert's unnest doing so in a
    /// 100,000-watcher restock); `SET LOCAL` ends with the transaction, so the pool's sessions
    /// keep the operator's setting for everything else.
    func allowBulkMemory() throws {
        guard !bulkMemory.allowed else { return }
        bulkMemory.allowed = true
        try connection.execute(
            """
            SELECT set_config('work_mem', '64MB', true)
            WHERE pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024
            """)
    }
}

extension PostgresRow {
    func timestamp(_ column: String) throws -> Timestamp {
        Timestamp(microseconds: try decode(column, as: Int64.self))
    }

    func optionalTimestamp(_ column: String) throws -> Timestamp? {
        try decode(column, as: Int64?.self).map(Timestamp.init(microseconds:))
    }

    /// Reads a column holding a Swift enum's raw value; an unknown value means a newer or damaged
    /// database, not a programming error, so it throws instead of trapping.
    func rawEnum<E: RawRepresentable>(_ column: String, as type: E.Type = E.self) throws -> E
    where E.RawValue == String {
        let raw = try decode(column, as: String.self)
        guard let value = E(rawValue: raw) else {
            throw StoreError(.corrupt, details: "unknown \(E.self) '\(raw)' in column \(column)")
        }
        return value
    }
}

extension Array {
    /// The array in pieces of at most `size`, so one bound parameter never grows without bound.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

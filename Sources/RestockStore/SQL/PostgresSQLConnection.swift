import LibPQ
import RestockCore

/// The PostgreSQL side of the seam: one libpq connection inside a transaction.
///
/// Values travel as `$n` text parameters; lists as one array literal each, so a bulk statement
/// over 100,000 rows is one round trip.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    /// Whether ``allowBulkMemory()`` has run in this transaction; a restock's watch update and
    /// outbox insert would each ask for it.
    let bulkMemory = BulkMemory()

    final class BulkMemory {
        var allowed = false
    }

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
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                SELECT set_config('work_mem', '64MB', true)
                WHERE pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024
                """)
        }
    }

    var dialect: SQLDialect { .postgresql }

    func execute(_ sql: SQL) throws -> Int {
        try StoreError.mappingPostgres { try connection.execute(Self.query(sql)) }
    }

    func forEachRow(_ sql: SQL, _ body: (PostgresRow) throws -> Void) throws {
        try StoreError.mappingPostgres {
            for row in try connection.query(Self.query(sql)) { try body(row) }
        }
    }

    func executeScript(_ text: String) throws {
        try StoreError.mappingPostgres { _ = try connection.simpleQuery(text) }
    }

    static func query(_ sql: SQL) -> PostgresQuery {
        let (text, values) = sql.rendered(for: .postgresql)
        var binds = PostgresBindings()
        for value in values {
            switch value {
            case .null: binds.append(String?.none)
            case .integer(let integer): binds.append(integer)
            case .text(let text): binds.append(text)
            case .boolean(let boolean): binds.append(boolean)
            case .integers(let integers): binds.append(integers)
            case .texts(let texts): binds.append(texts)
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }
}

extension PostgresRow: SQLRow {
    func int64(_ column: Int) throws -> Int64 { try StoreError.mappingPostgres { try decode(column) } }

    func optionalInt64(_ column: Int) throws -> Int64? {
        try StoreError.mappingPostgres { try decode(column, as: Int64?.self) }
    }

    func string(_ column: Int) throws -> String { try StoreError.mappingPostgres { try decode(column) } }

    func optionalString(_ column: Int) throws -> String? {
        try StoreError.mappingPostgres { try decode(column, as: String?.self) }
    }

    func bool(_ column: Int) throws -> Bool { try StoreError.mappingPostgres { try decode(column) } }
}

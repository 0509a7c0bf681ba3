import LibPQ
import RestockCore

/// The PostgreSQL side of the seam: one libpq connection inside a transaction.
///
/// Values travel as `$n` text parameters; lists as one array literal each, so a bulk statement
/// over 100,000 rows is one round trip.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection

    var dialect: SQLDialect { .postgresql }

    func execute(_ sql: SQL) throws -> Int {
        try StoreError.mappingPostgres { try connection.execute(Self.query(sql)) }
    }

    func forEachRow(_ sql: SQL, _ body: (PostgresRow) throws -> Void) throws {
        try StoreError.mappingPostgres {
            for row in try connection.query(Self.query(sql)) { try body(row) }
        }
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

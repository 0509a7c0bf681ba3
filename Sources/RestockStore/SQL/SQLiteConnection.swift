import GRDB
import RestockCore

/// The SQLite side of the seam: one GRDB `Database` inside a write transaction.
///
/// Statements go through `cachedStatement`, which compiles once per connection and rebinds, so
/// a 100,000-row loop parses its SQL once (a rendered statement's text is the same each call:
/// its placeholders are positional).
struct SQLiteConnection: SQLConnection {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: SQL) throws -> Int {
        try StoreError.mappingSQLite {
            let (statement, arguments) = try prepared(sql)
            try statement.execute(arguments: arguments)
            return db.changesCount
        }
    }

    func forEachRow(_ sql: SQL, _ body: (Row) throws -> Void) throws {
        try StoreError.mappingSQLite {
            let (statement, arguments) = try prepared(sql)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() { try body(row) }
        }
    }

    func executeScript(_ text: String) throws {
        try StoreError.mappingSQLite { try db.execute(sql: text) }
    }

    private func prepared(_ sql: SQL) throws -> (Statement, StatementArguments) {
        let (text, values) = sql.rendered(for: .sqlite)
        return (try db.cachedStatement(sql: text), StatementArguments(values.map(Self.databaseValue)))
    }

    /// Booleans are INTEGER 0/1 and lists JSON arrays, read back with `json_each`.
    private static func databaseValue(_ value: SQLValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: nil
        case .integer(let integer): integer
        case .text(let text): text
        case .boolean(let boolean): boolean ? 1 : 0
        case .integers(let integers): JSONArray.integers(integers)
        case .texts(let texts): JSONArray.texts(texts)
        }
    }
}

extension Row: SQLRow {
    func int64(_ column: Int) throws -> Int64 { try decoding { try decode(Int64.self, atIndex: column) } }

    func optionalInt64(_ column: Int) throws -> Int64? {
        try decoding { try decode(Int64?.self, atIndex: column) }
    }

    func string(_ column: Int) throws -> String { try decoding { try decode(String.self, atIndex: column) } }

    func optionalString(_ column: Int) throws -> String? {
        try decoding { try decode(String?.self, atIndex: column) }
    }

    func bool(_ column: Int) throws -> Bool { try decoding { try decode(Bool.self, atIndex: column) } }

    /// A value of the wrong type or an unexpected NULL is a damaged database, named as such.
    private func decoding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RowDecodingError {
            throw StoreError(.corrupt, details: "\(error)")
        }
    }
}

import RestockCore

/// The seam between the one SQL implementation of the store and a driver: run a statement,
/// read its rows by position. Each driver maps its own errors to ``StoreError`` here, so the
/// SQL code sees one error type on both stores.
protocol SQLConnection {
    associatedtype Row: SQLRow

    var dialect: SQLDialect { get }

    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: SQL) throws -> Int

    /// Runs a statement and hands each row to `body`, in order. The row is valid only inside
    /// `body` (SQLite reuses it for the next one).
    func forEachRow(_ sql: SQL, _ body: (Row) throws -> Void) throws

    /// Runs several statements of fixed text with no parameters (the schema, an upgrade step).
    func executeScript(_ text: String) throws
}

extension SQLConnection {
    /// Every row, made into `T`.
    func all<T>(_ sql: SQL, _ make: (Row) throws -> T) throws -> [T] {
        var found: [T] = []
        try forEachRow(sql) { found.append(try make($0)) }
        return found
    }

    /// The first row made into `T`, or `nil` when there is none.
    func first<T>(_ sql: SQL, _ make: (Row) throws -> T) throws -> T? {
        var found: T?
        try forEachRow(sql) { row in
            if found == nil { found = try make(row) }
        }
        return found
    }
}

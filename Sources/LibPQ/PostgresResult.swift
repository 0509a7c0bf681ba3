import CLibPQ

/// Owns one `PGresult*` and frees it when the last ``PostgresRows``/``PostgresRow`` lets go.
///
/// `@unchecked Sendable` because libpq promises it: "PGresult objects are normally read-only
/// after creation, and so can be passed around freely between threads" (libpq docs, 34.21
/// Behavior in Threaded Programs). Nothing here mutates the result after creation.
@usableFromInline
final class PostgresResult: @unchecked Sendable {
    let handle: OpaquePointer
    let rowCount: Int
    @usableFromInline let columnCount: Int
    @usableFromInline let columnNames: [String]
    /// First column of each name wins, matching `SELECT *` intuition. Built here rather than
    /// using `PQfnumber`, which case-folds unquoted names (`"Id"` would not find `Id`).
    let columnIndex: [String: Int]

    init(_ handle: OpaquePointer) {
        self.handle = handle
        self.rowCount = Int(PQntuples(handle))
        let columns = (0..<PQnfields(handle)).map { String(cString: PQfname(handle, $0)) }
        self.columnNames = columns
        self.columnCount = columns.count
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        self.columnIndex = index
    }

    deinit { PQclear(handle) }

    /// The value's bytes as libpq holds them (NUL-terminated, `length` before the NUL), valid
    /// while this result lives; `nil` for NULL.
    @usableFromInline
    func bytes(row: Int, column: Int) -> (pointer: UnsafePointer<CChar>, length: Int)? {
        if PQgetisnull(handle, Int32(row), Int32(column)) == 1 { return nil }
        return (
            UnsafePointer(PQgetvalue(handle, Int32(row), Int32(column))),
            Int(PQgetlength(handle, Int32(row), Int32(column)))
        )
    }

    /// The value's text, or `nil` for NULL.
    func text(row: Int, column: Int) -> String? {
        if PQgetisnull(handle, Int32(row), Int32(column)) == 1 { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }
}

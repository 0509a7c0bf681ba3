import RestockCore

/// One transaction of either store. Its SQL is written once for both dialects, one file per
/// table or aggregate (`SQLTransaction+<Table>.swift`); where the dialects differ, the
/// statement is written side by side in that file, each difference commented
/// (docs/ARCHITECTURE.md §6). All it needs is a connection on the seam, inside a transaction
/// the store opened.
///
/// A failed statement aborts a PostgreSQL transaction, unlike SQLite's, so nothing after it can
/// run; no caller catches an error inside a transaction body, so the two stores behave alike.
struct SQLTransaction<Connection: SQLConnection>: StoreTransaction {
    let sql: Connection
}

extension Array {
    /// The array in pieces of at most `size`, so one bound parameter never grows without bound.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

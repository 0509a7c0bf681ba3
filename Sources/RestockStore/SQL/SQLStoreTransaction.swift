import RestockCore

/// A store transaction whose SQL is written once for both dialects
/// (`SQLStoreTransaction+<Table>.swift`, one file per table or aggregate): it needs only a
/// connection on the seam. Where the dialects differ, the statement is written side by side in
/// that file, each difference commented (docs/ARCHITECTURE.md §6).
protocol SQLStoreTransaction: StoreTransaction {
    associatedtype Connection: SQLConnection
    var sql: Connection { get }
}

extension SQLiteTransaction: SQLStoreTransaction {
    var sql: SQLiteConnection { SQLiteConnection(db: db) }
}

extension PostgresTransaction: SQLStoreTransaction {
    var sql: PostgresSQLConnection { PostgresSQLConnection(connection: connection) }
}

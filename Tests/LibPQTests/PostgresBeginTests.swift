import LibPQ
import Testing

/// `transaction(_:)` sends its `BEGIN` with the body's first statement, in one round trip, and
/// only when that statement is already prepared; these check the transaction is the same
/// either way.
@Suite(.requiresDatabase) struct PostgresBeginTests {
    /// The transaction id the server gave the statement: the same for every statement of one
    /// transaction, a new one for each statement outside any.
    private static func transactionID(_ connection: PostgresConnection) throws -> Int64 {
        try connection.query("SELECT txid_current() AS x, \(Int32(1)) AS one")[0].decode("x")
    }

    @Test func theFirstStatementRunsInsideTheTransactionPreparedOrNot() throws {
        let connection = try TestDatabase.connect()
        // First use: not prepared yet, so BEGIN goes alone. Second use: prepared, so BEGIN
        // shares its round trip.
        for _ in 1...2 {
            let (first, second) = try connection.transaction { connection in
                (try Self.transactionID(connection), try Self.transactionID(connection))
            }
            #expect(first == second)
        }
        #expect(try Self.transactionID(connection) != Self.transactionID(connection))
    }

    @Test func aFailingFirstStatementRollsBackAndTheConnectionGoesOn() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES (\(Int32(1)))")
        for _ in 1...2 {
            let error = try #require(throws: PostgresError.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO t VALUES (\(Int32(1)))")
                }
            }
            #expect(error.sqlState == "23505")
            #expect(connection.transactionStatus == .idle)
        }
        let inserted = try connection.transaction { connection in
            try connection.execute("INSERT INTO t VALUES (\(Int32(2)))")
        }
        #expect(inserted == 1)
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 2)
    }

    @Test func aBodyThatRunsNothingIsInATransactionAndLeavesNoneOpen() throws {
        let connection = try TestDatabase.connect()
        let status = try connection.transaction { $0.transactionStatus }
        #expect(status == .inTransaction)
        #expect(connection.transactionStatus == .idle)
        #expect(try connection.query("SELECT \(Int32(7)) AS n")[0].decode("n", as: Int.self) == 7)
    }
}

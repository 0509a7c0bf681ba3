import LibPQ
import Testing

/// Parameterised statements are prepared once per session and reused; the server must see that.
@Suite(.requiresDatabase) struct PreparedStatementTests {
    @Test func aRepeatedStatementIsPreparedOnceAndGivesFreshResults() throws {
        let connection = try TestDatabase.connect()
        for n in [Int64(1), 2, 271_878_346_596_884_015] {
            let rows = try connection.query("SELECT \(n)::bigint + \(Int64(0)) AS n")
            #expect(try rows[0].decode("n", as: Int64.self) == n)
        }
        let prepared = try connection.query(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE \("%::bigint + $2%")")
        #expect(try prepared[0].decode("n", as: Int.self) == 1)
    }

    @Test func aStatementWithABigArrayIsPlannedForItEachTimeNotPrepared() throws {
        let connection = try TestDatabase.connect()
        let few = Array(Int64(1)...3)
        let many = Array(Int64(1)...5_000)
        for ids in [many, many] {
            let rows = try connection.query("SELECT count(*) AS n FROM unnest(\(ids)::bigint[]) AS bulk_probe")
            #expect(try rows[0].decode("n", as: Int.self) == ids.count)
        }
        #expect(try preparedCount(like: "%AS bulk_probe%", on: connection) == 0)
        let rows = try connection.query("SELECT count(*) AS n FROM unnest(\(few)::bigint[]) AS bulk_probe")
        #expect(try rows[0].decode("n", as: Int.self) == 3)
        #expect(try preparedCount(like: "%AS bulk_probe%", on: connection) == 1)
    }

    private func preparedCount(like pattern: String, on connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE \(pattern)")[0]
            .decode("n", as: Int.self)
    }

    @Test func aStatementFirstSeenInAnAbortedTransactionWorksAfterwards() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int PRIMARY KEY)")
        _ = try? connection.transaction { connection in
            _ = try? connection.execute("INSERT INTO t VALUES (\(Int32(1))), (\(Int32(1)))")
            // The transaction is aborted: preparing this fails and must not be remembered.
            try connection.execute("INSERT INTO t VALUES (\(Int32(2)))")
        }
        try connection.execute("INSERT INTO t VALUES (\(Int32(2)))")
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 1)
    }
}

import LibPQ
import Testing

/// `send(_:verify:)`: a statement whose answer is read at the next statement, as the store's
/// big writes use it.
@Suite(.requiresDatabase) struct PostgresSendTests {
    struct Short: Error {}

    @Test func aSentStatementIsAnsweredBeforeTheNextOneAndVerified() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int)")
        var seen: [Int] = []
        try connection.transaction { connection in
            try connection.send("INSERT INTO t SELECT generate_series(1, \(Int32(3))) RETURNING n") { rows in
                seen = try rows.map { try $0.decode("n", as: Int.self) }
            }
            // The next statement sees the sent one's rows, so they were applied in order.
            let count = try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self)
            #expect(count == 3)
        }
        #expect(seen == [1, 2, 3])
    }

    @Test func whatVerifyThrowsSurfacesAtTheNextStatementAndRollsBack() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int)")
        #expect(throws: Short.self) {
            try connection.transaction { connection in
                try connection.send("INSERT INTO t VALUES (\(Int32(1)))") { _ in throw Short() }
                try connection.execute("INSERT INTO t VALUES (\(Int32(2)))")
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
        #expect(connection.transactionStatus == .idle)
    }

    @Test func aFailingSentStatementFailsTheCommitNotLater() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int PRIMARY KEY)")
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.send("INSERT INTO t VALUES (\(Int32(1)))") { _ in }
            }
        }
        #expect(error.sqlState == "23505")
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
        #expect(connection.transactionStatus == .idle)
    }

    @Test func aBodyThrowingWithAnAnswerUnreadStillRollsBack() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int)")
        #expect(throws: Short.self) {
            try connection.transaction { connection in
                try connection.send("INSERT INTO t VALUES (\(Int32(1)))") { _ in }
                throw Short()
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
        #expect(connection.transactionStatus == .idle)
    }

    @Test func aSentStatementIsPreparedAsAQueryWouldBeUnlessBulk() throws {
        let connection = try TestDatabase.connect()
        try connection.transaction { connection in
            for ids in [Array(Int64(1)...3), Array(Int64(1)...5_000)] {
                try connection.send("SELECT count(*) AS n FROM unnest(\(ids)::bigint[]) AS sent_probe") { rows throws in
                    #expect(try rows[0].decode("n", as: Int.self) == ids.count)
                }
            }
        }
        let prepared = try connection.query(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE \("%AS sent_probe%")")
        #expect(try prepared[0].decode("n", as: Int.self) == 1, "the 3-id one is, the 5,000-id one is not")
    }

    @Test func sendOutsideATransactionIsRefused() throws {
        let connection = try TestDatabase.connect()
        #expect {
            try connection.send("SELECT \(Int32(1))") { _ in }
        } throws: { ($0 as? PostgresError)?.code == .invalidUse }
        #expect(try connection.query("SELECT 2 AS n")[0].decode("n", as: Int.self) == 2)
    }
}

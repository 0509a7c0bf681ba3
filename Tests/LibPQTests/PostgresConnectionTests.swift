import Foundation
import LibPQ
import Testing

@Suite(.requiresDatabase) struct PostgresConnectionTests {
    struct Abort: Error {}

    @Test func transactionRollsBackWhenBodyThrows() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int)")
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (\(Int32(1)))")
                throw Abort()
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
        #expect(connection.transactionStatus == .idle)
    }

    @Test func transactionCommitsWhenBodyReturns() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int)")
        let inserted = try connection.transaction { connection in
            try connection.execute("INSERT INTO t VALUES (1), (2)")
        }
        #expect(inserted == 2)
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 2)
    }

    @Test func swallowedErrorInsideTransactionFailsTheCommit() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE t (n int PRIMARY KEY)")
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (1)")
                _ = try? connection.execute("INSERT INTO t VALUES (1)")  // aborts the transaction
            }
        }
        #expect(error.sqlState == "25P02")
        #expect(try connection.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
    }

    @Test func nestedTransactionIsRefused() throws {
        let connection = try TestDatabase.connect()
        #expect {
            try connection.transaction { connection in try connection.transaction { _ in } }
        } throws: { ($0 as? PostgresError)?.code == .invalidUse }
        #expect(connection.transactionStatus == .idle)
    }

    @Test func simpleQueryRunsSeveralStatementsAtomically() throws {
        let connection = try TestDatabase.connect()
        try connection.simpleQuery("CREATE TEMP TABLE m (x int); INSERT INTO m VALUES (1), (2);")
        #expect(throws: PostgresError.self) {
            try connection.simpleQuery("INSERT INTO m VALUES (3); SELECT 1 / 0;")
        }
        #expect(try connection.query("SELECT count(*) AS n FROM m")[0].decode("n", as: Int.self) == 2)
    }

    @Test func terminatedBackendSurfacesAsConnectionError() throws {
        let connection = try TestDatabase.connect()
        try TestDatabase.terminate(backend: connection.backendPID)
        let error = try #require(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error.isConnectionError)
        #expect(!connection.isUsable)
    }

    @Test func healthCheckNoticesServerClosedIdleConnection() throws {
        let connection = try TestDatabase.connect()
        #expect(connection.checkHealth())
        try TestDatabase.terminate(backend: connection.backendPID)
        #expect(!connection.checkHealth())
    }

    @Test func closedConnectionThrowsClosed() throws {
        let connection = try TestDatabase.connect()
        connection.close()
        #expect { try connection.query("SELECT 1") } throws: { ($0 as? PostgresError)?.code == .closed }
    }

    @Test func multiHostConnectionStringConnectsThroughTheSecondHost() throws {
        let url = try #require(URLComponents(string: try TestDatabase.connectionString()))
        let host = try #require(url.host)
        var parts = [
            "host=/nonexistent,\(host)", "port=\(url.port ?? 5432)",
            "dbname=\(url.path.dropFirst())", "user=\(url.user ?? "postgres")",
            "target_session_attrs=read-write", "connect_timeout=5",
        ]
        if let password = url.password { parts.append("password=\(password)") }
        let connection = try PostgresConnection(connectionString: parts.joined(separator: " "))
        let rows = try connection.query("SELECT host(inet_server_addr()) AS addr, current_database() AS db")
        #expect(try rows[0].decode("addr", as: String?.self) != nil)  // TCP, not the unix socket
        #expect(try rows[0].decode("db", as: String.self) == String(url.path.dropFirst()))
    }

    @Test func cancelTokenStopsARunningStatementFromAnotherThread() async throws {
        // The statement runs on the actor's queue; the token, taken out earlier, is used here.
        let owner = PostgresConnectionActor(connectionString: try TestDatabase.connectionString())
        let token = try #require(try await owner.withConnection { $0.cancelToken })
        let marker = TestDatabase.uniqueName("cancel_token")
        let sleeper = Task {
            try await owner.withConnection { try $0.execute("SELECT pg_sleep(30) AS \(unsafeRaw: marker)") }
        }
        try await TestDatabase.waitUntilRunning(marker)
        #expect(token.cancel())
        let error = try await #require(throws: PostgresError.self) { try await sleeper.value }
        #expect(error.sqlState == "57014")  // query_canceled
        #expect(error.code == .query)  // the task was not cancelled: not ours, like statement_timeout
        let one = try await owner.withConnection { try $0.query("SELECT 1 AS one")[0].decode("one", as: Int.self) }
        #expect(one == 1)
    }
}

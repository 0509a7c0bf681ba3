import LibPQ
import Testing

@Suite(.requiresDatabase, .timeLimit(.minutes(1))) struct PostgresPoolTests {
    func makePool(maximumConnections: Int) throws -> PostgresPool {
        PostgresPool(
            configuration: .init(
                connectionString: try TestDatabase.connectionString(),
                maximumConnections: maximumConnections))
    }

    @Test func servesMoreConcurrentCallersThanConnections() async throws {
        let pool = try makePool(maximumConnections: 2)
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try connection.query("SELECT pg_backend_pid() AS pid FROM pg_sleep(0.05)")[0]
                            .decode("pid", as: Int32.self)
                    }
                }
            }
            return try await group.reduce(into: [Int32]()) { $0.append($1) }
        }
        #expect(pids.count == 12)
        #expect(Set(pids).count <= 2)
        await pool.close()
    }

    @Test func transactionCommitsAndRollsBack() async throws {
        let pool = try makePool(maximumConnections: 2)
        let table = TestDatabase.uniqueName("pool_tx")
        try await pool.withConnection { try $0.execute("CREATE TABLE \(unsafeRaw: table) (n int)") }
        defer { _ = try? TestDatabase.connect().execute("DROP TABLE IF EXISTS \(unsafeRaw: table)") }
        try await pool.transaction { try $0.execute("INSERT INTO \(unsafeRaw: table) VALUES (1)") }
        await #expect(throws: PostgresError.self) {
            try await pool.transaction { connection in
                try connection.execute("INSERT INTO \(unsafeRaw: table) VALUES (2)")
                try connection.execute("INSERT INTO \(unsafeRaw: table) VALUES ('not a number')")
            }
        }
        let values = try await pool.withConnection { connection in
            try connection.query("SELECT n FROM \(unsafeRaw: table)").map { try $0.decode("n", as: Int.self) }
        }
        #expect(values == [1])
        await pool.close()
    }

    @Test func nextCallWorksAfterTheServerDropsAnIdleConnection() async throws {
        let pool = try makePool(maximumConnections: 1)
        let first = try await pool.withConnection { $0.backendPID }
        try TestDatabase.terminate(backend: first)
        let second = try await pool.withConnection { $0.backendPID }
        #expect(second != first)
        await pool.close()
    }

    @Test func failureFromABrokenConnectionIsSurfacedThenReplaced() async throws {
        let pool = try makePool(maximumConnections: 1)
        await #expect {
            try await pool.withConnection { try $0.query("SELECT pg_terminate_backend(pg_backend_pid())") }
        } throws: { ($0 as? PostgresError)?.isConnectionError == true }
        try await pool.ping()
        await pool.close()
    }

    @Test func cancellingACallerCancelsItsStatement() async throws {
        let pool = try makePool(maximumConnections: 1)
        let marker = TestDatabase.uniqueName("pool_cancel")
        let sleeper = Task {
            try await pool.withConnection { try $0.execute("SELECT pg_sleep(30) AS \(unsafeRaw: marker)") }
        }
        try await TestDatabase.waitUntilRunning(marker)
        sleeper.cancel()
        await #expect { try await sleeper.value } throws: { ($0 as? PostgresError)?.code == .cancelled }
        try await pool.ping()
        await pool.close()
    }

    @Test func cancellingAWaitingCallerLeavesTheQueue() async throws {
        let pool = try makePool(maximumConnections: 1)
        let marker = TestDatabase.uniqueName("pool_hold")
        let holder = Task {
            try await pool.withConnection { try $0.execute("SELECT pg_sleep(30) AS \(unsafeRaw: marker)") }
        }
        try await TestDatabase.waitUntilRunning(marker)
        let waiter = Task { try await pool.withConnection { $0.backendPID } }
        waiter.cancel()
        await #expect { try await waiter.value } throws: { ($0 as? PostgresError)?.code == .cancelled }
        holder.cancel()
        _ = await holder.result
        try await pool.ping()
        await pool.close()
    }

    @Test func closedPoolRefusesWork() async throws {
        let pool = try makePool(maximumConnections: 1)
        try await pool.ping()
        let service = Task { try await pool.run() }
        service.cancel()  // as a ServiceGroup does after shutdown; run() then closes the pool
        try await service.value
        await #expect { try await pool.ping() } throws: { ($0 as? PostgresError)?.code == .closed }
    }
}

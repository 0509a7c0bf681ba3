import LibPQ
import Testing

@Suite(.requiresDatabase, .timeLimit(.minutes(1))) struct PostgresConnectionActorTests {
    @Test func cancellingTheTaskCancelsTheRunningStatement() async throws {
        let owner = PostgresConnectionActor(connectionString: try TestDatabase.connectionString())
        let marker = TestDatabase.uniqueName("actor_cancel")
        let sleeper = Task {
            try await owner.withConnection { connection in
                try connection.execute("SELECT pg_sleep(30) AS \(unsafeRaw: marker)")
            }
        }
        try await TestDatabase.waitUntilRunning(marker)
        sleeper.cancel()
        let result = await sleeper.result
        #expect { try result.get() } throws: { ($0 as? PostgresError)?.code == .cancelled }

        // The same connection goes on serving the next caller.
        let one = try await owner.withConnection { try $0.query("SELECT 1 AS one")[0].decode("one", as: Int.self) }
        #expect(one == 1)
    }

    @Test func alreadyCancelledTaskRunsNothing() async throws {
        let owner = PostgresConnectionActor(connectionString: try TestDatabase.connectionString())
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await owner.withConnection { try $0.execute("SELECT pg_sleep(30)") }
        }
        await #expect { try await task.value } throws: { ($0 as? PostgresError)?.code == .cancelled }
    }

    @Test func reconnectsAfterTheServerDropsTheConnection() async throws {
        let owner = PostgresConnectionActor(connectionString: try TestDatabase.connectionString())
        let first = try await owner.withConnection { $0.backendPID }
        try TestDatabase.terminate(backend: first)
        let second = try await owner.withConnection { $0.backendPID }
        #expect(second != first)
        #expect(await owner.isConnected)
    }

    @Test func connectionLeftInATransactionIsNotReused() async throws {
        let owner = PostgresConnectionActor(connectionString: try TestDatabase.connectionString())
        let first = try await owner.withConnection { connection in
            try connection.simpleQuery("BEGIN")
            return connection.backendPID
        }
        let status = try await owner.withConnection { "\($0.transactionStatus)" }
        let second = try await owner.withConnection { $0.backendPID }
        #expect(status == "idle")
        #expect(second != first)
    }
}

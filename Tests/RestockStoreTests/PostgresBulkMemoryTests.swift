import LibPQ
import RestockCore
import RestockTestSupport
import Testing

@testable import RestockStore

/// A big write raises `work_mem` for its own transaction only, and never lowers what the
/// operator set.
@Suite struct PostgresBulkMemoryTests {
    private static func workMemory(_ connection: PostgresConnection) throws -> String {
        try connection.query("SELECT current_setting(\("work_mem")) AS m")[0].decode("m")
    }

    @Test(
        "a big write gets 64 MB of work_mem for its transaction, not after it, and a higher setting stays",
        .enabled(if: StoreKind.enabled.contains(.postgres)))
    func bulkMemoryIsRaisedForTheTransactionOnly() async throws {
        try await withTestStore(.postgres) { made in
            let store = try #require(made.store as? PostgresStore)
            try await store.pool.withConnection { connection in
                try connection.execute("SET work_mem = '4MB'")
                let inside = try connection.transaction { connection in
                    try PostgresSQLConnection(connection: connection).allowBulkMemory()
                    return try Self.workMemory(connection)
                }
                #expect(inside == "64MB")
                #expect(try Self.workMemory(connection) == "4MB")

                try connection.execute("SET work_mem = '256MB'")
                let kept = try connection.transaction { connection in
                    try PostgresSQLConnection(connection: connection).allowBulkMemory()
                    return try Self.workMemory(connection)
                }
                #expect(kept == "256MB")
                try connection.execute("RESET work_mem")
            }
        }
    }
}

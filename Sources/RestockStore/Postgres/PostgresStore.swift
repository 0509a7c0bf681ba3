import LibPQ
import RestockCore

/// The shared store: PostgreSQL through the project's own ``LibPQ``, for shops that run several
/// `restockd` instances or already operate a database server.
///
/// Each ``transaction(_:)`` borrows one connection from the pool for exactly one call, so the
/// synchronous body and its blocking libpq calls run on that connection's own thread, never on
/// the cooperative pool. The pool is a `Service` the daemon runs (it closes the connections at
/// shutdown); ``close()`` closes it too, so either order is safe.
public final class PostgresStore: RestockStore {
    public let dialect = SQLDialect.postgresql
    /// Every pooled connection can hold a transaction; group commit uses two of them.
    public var concurrentWriters: Int { pool.configuration.maximumConnections }
    /// The connection string with any password replaced by `***`.
    public let location: String
    /// Internal so PostgreSQL-specific tests can plant rows and look at the schema.
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
        self.location = Self.redactingPassword(in: pool.configuration.connectionString)
    }

    /// Runs `body` between `BEGIN` and `COMMIT` on one pooled connection; `ROLLBACK` when it
    /// throws. PostgreSQL's default isolation, READ COMMITTED, is kept: the duplicates that
    /// matter (a second email, a second open cycle, a second live watch) are refused by unique
    /// indexes whatever the isolation, as a skipped enqueue or ``StoreError/Code/uniqueViolation``.
    public func transaction<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T
    ) async throws -> T {
        try await StoreError.mappingPostgres {
            try await pool.withConnection { connection in
                try connection.transaction { connection in
                    try body(SQLTransaction(sql: PostgresSQLConnection(connection: connection)))
                }
            }
        }
    }

    /// `SELECT 1` through the pool, which retries once on a fresh connection when the pooled
    /// one turns out to be broken (a server restart), since a ping has no effect to repeat.
    public func ping() async throws {
        try await StoreError.mappingPostgres { try await pool.ping() }
    }

    /// Waits for running transactions, then closes every connection; later calls throw
    /// ``StoreError/Code/connection``. Closing twice is harmless.
    public func close() async throws {
        await pool.close()
    }
}

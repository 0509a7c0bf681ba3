import LibPQ
import RestockCore

/// Placeholder until the PostgreSQL store lands: every call fails with a clear message.
public final class PostgresStore: RestockStore {
    let pool: PostgresPool
    public init(pool: PostgresPool) { self.pool = pool }
    public var dialect: String { "postgresql" }
    public var location: String { "postgresql" }
    public func migrate() async throws -> [Int] { throw StoreError(.connection, details: "PostgreSQL store not implemented") }
    public func appliedMigrations() async throws -> [Int] { [] }
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        throw StoreError(.connection, details: "PostgreSQL store not implemented")
    }
    public func ping() async throws {}
    public func close() async throws {}
}

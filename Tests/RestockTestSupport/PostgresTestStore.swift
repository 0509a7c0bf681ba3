import Foundation
import LibPQ
import RestockCore
import RestockStore
import Synchronization

/// PostgreSQL stores for tests: each gets a schema of its own in the database the URL names, so
/// tests running in parallel against one server never see each other's rows.
public enum PostgresTestStore {
    /// A store on a new, empty schema `restock_test_<random>`. `reopen` connects to the same
    /// schema again; `dispose` closes every store it made and drops the schema.
    public static func make(url: String) async throws -> TestStore {
        let schema = "restock_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await admin(url: url) { connection in
            // The name is made above from letters, digits and `_`: no quoting needed.
            try connection.simpleQuery("CREATE SCHEMA \(schema)")
        }
        let connectionString = connectionString(url: url, schema: schema)
        let opened = Mutex<[PostgresStore]>([])
        @Sendable func open() -> PostgresStore {
            let store = PostgresStore(
                pool: PostgresPool(configuration: .init(connectionString: connectionString, maximumConnections: 4)))
            opened.withLock { $0.append(store) }
            return store
        }
        return TestStore(
            store: open(),
            reopen: { open() },
            dispose: {
                for store in opened.withLock({ $0 }) { try? await store.close() }
                try await admin(url: url) { connection in
                    try connection.simpleQuery("DROP SCHEMA IF EXISTS \(schema) CASCADE")
                }
            }, url: connectionString)
    }

    /// `url` with the schema as the whole `search_path`, so tables are created and found there.
    ///
    /// A URI gets `options=-csearch_path%3D<schema>` as one more query parameter; a `key=value`
    /// string gets ` options='-csearch_path=<schema>'`. Either replaces `options` given in `url`
    /// (libpq keeps the last). `schema` must be a plain identifier: letters, digits and `_`.
    public static func connectionString(url: String, schema: String) -> String {
        // Anything else would need quoting twice over: in `-c`, then in the URI or conninfo.
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
        precondition(!schema.isEmpty && schema.allSatisfy(plain.contains), "schema must be letters, digits and _")
        guard url.contains("://") else { return "\(url) options='-csearch_path=\(schema)'" }
        let separator = url.contains("?") ? (url.hasSuffix("?") || url.hasSuffix("&") ? "" : "&") : "?"
        return "\(url)\(separator)options=-csearch_path%3D\(schema)"
    }

    /// Runs `body` on a connection of its own to `url`, closed afterwards.
    private static func admin(url: String, _ body: @escaping @Sendable (PostgresConnection) throws -> Void)
        async throws
    {
        let pool = PostgresPool(configuration: .init(connectionString: url, maximumConnections: 1))
        do {
            try await pool.withConnection(body)
        } catch {
            await pool.close()
            throw StoreSetupError(description: "PostgreSQL at the test URL: \(String(reflecting: error))")
        }
        await pool.close()
    }
}

import GRDB
import LibPQ

extension TestStore {
    /// Runs `sql` on this store's data through a connection of its own, as another program (an
    /// operator's shell, a newer `restockd`) would, outside the store's API.
    public func executeRaw(_ sql: String) async throws {
        guard let url else { throw StoreSetupError(description: "this store cannot be reached from outside") }
        if url.hasPrefix("sqlite:") {
            let queue = try DatabaseQueue(path: String(url.dropFirst("sqlite:".count)))
            try await queue.write { try $0.execute(sql: sql) }
            try queue.close()
        } else {
            let pool = PostgresPool(configuration: .init(connectionString: url, maximumConnections: 1))
            do {
                try await pool.withConnection { try $0.simpleQuery(sql) }
            } catch {
                await pool.close()
                throw error
            }
            await pool.close()
        }
    }
}

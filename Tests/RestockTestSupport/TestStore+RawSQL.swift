import Foundation
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

    /// The rows of one query on this store's data, read through a connection of its own as
    /// ``executeRaw(_:)`` writes: each value as text (SQLite's numbers as they print, PostgreSQL's
    /// in its text format), `nil` for NULL. For reading what no store method returns, such as
    /// the schema's catalog.
    public func queryRaw(_ sql: String) async throws -> [[String?]] {
        guard let url else { throw StoreSetupError(description: "this store cannot be reached from outside") }
        if url.hasPrefix("sqlite:") {
            let queue = try DatabaseQueue(path: String(url.dropFirst("sqlite:".count)))
            let rows = try await queue.read { db in
                try Row.fetchAll(db, sql: sql).map { row in row.map { _, value in Self.text(value) } }
            }
            try queue.close()
            return rows
        } else {
            let pool = PostgresPool(configuration: .init(connectionString: url, maximumConnections: 1))
            do {
                let rows = try await pool.withConnection { connection in
                    let rows = try connection.simpleQuery(sql)
                    return try rows.map { row in
                        try (0..<row.columns.count).map { try row.decode($0, as: String?.self) }
                    }
                }
                await pool.close()
                return rows
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    /// A SQLite value as text, the way the `sqlite3` shell prints it.
    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let string): string
        case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
        }
    }
}

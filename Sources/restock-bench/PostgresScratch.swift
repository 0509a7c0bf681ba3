import Foundation
import LibPQ

/// Creates and drops scratch databases on a PostgreSQL server, so each benchmark starts from an
/// empty schema however often it runs against the same server.
enum PostgresScratch {
    /// Runs `body` with the connection string of a new database `restock_bench_<label>_<random>`,
    /// dropped afterwards. Without the privilege to create one, uses the given database as it is
    /// and says so on stderr.
    static func withDatabase<T>(
        server: String, label: String, _ body: (String) async throws -> T
    ) async throws -> T {
        let name =
            "restock_bench_\(label.filter { $0.isLetter || $0.isNumber })_"
            + UUID().uuidString.prefix(8).lowercased()
        let admin = PostgresPool(configuration: .init(connectionString: server, maximumConnections: 1))
        do {
            // The name is made above from letters, digits and `_`: no quoting needed.
            try await admin.withConnection { _ = try $0.simpleQuery("CREATE DATABASE \(name)") }
        } catch {
            await admin.close()
            Report.progress("cannot create a scratch database (\(error)); using the given one as it is")
            return try await body(server)
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(connectionString(server, database: name)))
        } catch {
            result = .failure(error)
        }
        _ = try? await admin.withConnection { try $0.simpleQuery("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        await admin.close()
        return try result.get()
    }

    /// The same server and options with another database: the path of a URI, or a later
    /// `dbname=` in a keyword string (libpq takes the last one).
    static func connectionString(_ server: String, database: String) -> String {
        guard let scheme = server.range(of: "://") else { return "\(server) dbname=\(database)" }
        let rest = server[scheme.upperBound...]
        let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
        let pathStart = rest[..<queryStart].firstIndex(of: "/") ?? queryStart
        return "\(server[..<pathStart])/\(database)\(server[queryStart...])"
    }
}

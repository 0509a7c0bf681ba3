import Foundation
import LibPQ
import Testing

/// The PostgreSQL the tests run against: `RESTOCK_TEST_POSTGRES_URL`, as printed by
/// `.ci/start-postgres`. Without it the database tests are reported as skipped, unless
/// `RESTOCK_REQUIRE_POSTGRES=1` says they must run (then ``TestDatabaseTests`` fails).
enum TestDatabase {
    static let url: String? = ProcessInfo.processInfo.environment["RESTOCK_TEST_POSTGRES_URL"]
        .flatMap { $0.isEmpty ? nil : $0 }
    static let isConfigured = url != nil
    static let isRequired = ProcessInfo.processInfo.environment["RESTOCK_REQUIRE_POSTGRES"] == "1"

    static func connect() throws -> PostgresConnection {
        try PostgresConnection(connectionString: try #require(url))
    }

    static func connectionString() throws -> String { try #require(url) }

    /// Terminates another session's backend, as a server restart would, and waits until it is gone.
    static func terminate(backend pid: Int32) throws {
        let admin = try connect()
        let rows = try admin.query("SELECT pg_terminate_backend(\(pid), \(5000)) AS done")
        #expect(try rows[0].decode("done", as: Bool.self))
    }

    /// Waits until a statement containing `marker` is running on the server, so a test can
    /// cancel it mid-flight rather than before it was sent.
    static func waitUntilRunning(_ marker: String) async throws {
        let observer = try connect()
        for _ in 0..<400 {
            let rows = try observer.query(
                """
                SELECT count(*) AS n FROM pg_stat_activity
                WHERE state = 'active' AND query LIKE \("%" + marker + "%") AND pid <> pg_backend_pid()
                """)
            if try rows[0].decode("n", as: Int.self) > 0 { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("statement \(marker) never started")
    }

    /// A name no other test uses, for tables shared by several connections.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12))"
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly) when no test database is configured.
    static var requiresDatabase: Self {
        .enabled(if: TestDatabase.isConfigured, "RESTOCK_TEST_POSTGRES_URL is not set; run .ci/start-postgres")
    }
}

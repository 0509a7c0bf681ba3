import LibPQ
import Testing

/// CI sets `RESTOCK_REQUIRE_POSTGRES=1` so that a missing or unreachable database fails the run
/// instead of quietly skipping every PostgreSQL test.
@Suite struct TestDatabaseTests {
    @Test(.enabled(if: TestDatabase.isRequired, "RESTOCK_REQUIRE_POSTGRES is not 1"))
    func requiredDatabaseIsReachable() throws {
        let url = try #require(
            TestDatabase.url, "RESTOCK_REQUIRE_POSTGRES=1 but RESTOCK_TEST_POSTGRES_URL is not set")
        do {
            let connection = try PostgresConnection(connectionString: url)
            #expect(try connection.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
        } catch {
            // libpq's message (host, port, reason) is what CI logs need; it never holds the password.
            Issue.record("RESTOCK_REQUIRE_POSTGRES=1 but the database is unreachable: \(String(reflecting: error))")
        }
    }
}

import LibPQ
import Testing

@Suite struct PostgresErrorTests {
    @Test(.requiresDatabase) func uniqueViolationCarriesSQLStateAndConstraint() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE u (email text UNIQUE)")
        try connection.execute("INSERT INTO u VALUES (\("shopper@example.com"))")
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO u VALUES (\("shopper@example.com"))")
        }
        #expect(error.isUniqueViolation)
        #expect(error.sqlState == "23505")
        #expect(error.constraintName == "u_email_key")
        #expect(!error.isConnectionError)
        // The DETAIL line quotes the duplicate value: only the debug form may show it.
        #expect(!String(describing: error).contains("shopper@example.com"))
        #expect(String(reflecting: error).contains("shopper@example.com"))
        #expect(connection.isUsable)
    }

    @Test(.requiresDatabase) func queryErrorHidesSQLAndValuesFromDescription() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PostgresError.self) {
            try connection.query("SELECT \("secret-token")::int AS broken_column")
        }
        #expect(error.code == .query)
        #expect(error.sqlState == "22P02")
        let description = String(describing: error)
        #expect(!description.contains("secret-token"))
        #expect(!description.contains("broken_column"))
        #expect(String(reflecting: error).contains("broken_column"))
    }

    @Test func connectionFailureNeverPrintsThePassword() {
        // Port 1 on loopback refuses at once; the password must not appear anywhere.
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(
                connectionString: "postgresql://restock:hunter2-sekrit@127.0.0.1:1/none?connect_timeout=5")
        }
        #expect(error?.code == .connection)
        #expect(error?.isConnectionError == true)
        #expect(!String(describing: error).contains("hunter2-sekrit"))
        #expect(!String(reflecting: error).contains("hunter2-sekrit"))
    }
}

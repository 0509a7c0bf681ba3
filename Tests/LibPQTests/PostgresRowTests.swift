import LibPQ
import Testing

@Suite(.requiresDatabase) struct PostgresRowTests {
    @Test func bigIntegersRoundTripExactly() throws {
        let connection = try TestDatabase.connect()
        let shopifyID: Int64 = 271878346596884015  // above 2^53: a Double would change it
        let rows = try connection.query(
            "SELECT \(shopifyID)::bigint AS id, \(Int.max) AS max, \(Int64.min) AS min, \(Int32(-7)) AS small")
        #expect(try rows[0].decode("id", as: Int64.self) == shopifyID)
        #expect(try rows[0].decode("id", as: Int.self) == 271878346596884015)
        #expect(try rows[0].decode("max", as: Int.self) == Int.max)
        #expect(try rows[0].decode("min", as: Int64.self) == Int64.min)
        #expect(try rows[0].decode("small", as: Int32.self) == -7)
    }

    @Test func integersOutOfRangeOrNotDigitsAreRefusedNotWrapped() throws {
        let connection = try TestDatabase.connect()
        let rows = try connection.query(
            """
            SELECT 2147483648::bigint AS over32, '-2147483648'::int AS min32, '9223372036854775808' AS over64,
                   '-' AS sign, '' AS empty, '12a' AS letters, '-0' AS zero
            """)
        let row = rows[0]
        #expect(throws: PostgresError.self) { try row.decode("over32", as: Int32.self) }
        #expect(try row.decode("min32", as: Int32.self) == Int32.min)
        #expect(throws: PostgresError.self) { try row.decode("over64", as: Int64.self) }
        for column in ["sign", "empty", "letters"] {
            #expect(throws: PostgresError.self, "\(column)") { try row.decode(column, as: Int.self) }
        }
        #expect(try row.decode("zero", as: Int16.self) == 0)
        #expect(try row.decode(0, as: Int64?.self) == 2_147_483_648)
    }

    @Test func nullsDecodeToNilOnlyForOptionals() throws {
        let connection = try TestDatabase.connect()
        let missing: Int64? = nil
        let rows = try connection.query("SELECT \(missing) AS n, \("x" as String?) AS s")
        #expect(try rows[0].decode("n", as: Int64?.self) == nil)
        #expect(try rows[0].decode("s", as: String?.self) == "x")
        #expect(rows[0].isNull("n"))
        #expect {
            try rows[0].decode("n", as: Int64.self)
        } throws: { error in
            let error = error as? PostgresError
            return error?.code == .decoding && error?.column == "n" && error?.swiftType == "Int64"
        }
    }

    @Test func boolsDoublesAndArraysDecode() throws {
        let connection = try TestDatabase.connect()
        let rows = try connection.query(
            """
            SELECT \(true) AS yes, \(false) AS no, \(0.1) AS tenth, \(Double.infinity) AS inf,
                   \([Int64(1), 2, 3]) AS ids, ARRAY[1, NULL]::bigint[] AS holes, '{}'::text[] AS empty
            """)
        let row = rows[0]
        #expect(try row.decode("yes", as: Bool.self) == true)
        #expect(try row.decode("no", as: Bool.self) == false)
        #expect(try row.decode("tenth", as: Double.self) == 0.1)
        #expect(try row.decode("inf", as: Double.self) == .infinity)
        #expect(try row.decode("ids", as: [Int64].self) == [1, 2, 3])
        #expect(try row.decode("holes", as: [Int64?].self) == [1, nil])
        #expect(try row.decode("empty", as: [String].self) == [])
        #expect(throws: PostgresError.self) { try row.decode("holes", as: [Int64].self) }
    }

    @Test func columnsDecodeByPositionAndExactName() throws {
        let connection = try TestDatabase.connect()
        let rows = try connection.query(#"SELECT 1 AS "Id", 'two' AS name"#)
        #expect(rows.columns == ["Id", "name"])
        #expect(try rows[0].decode("Id", as: Int.self) == 1)
        #expect(try rows[0].decode(1, as: String.self) == "two")
        #expect { try rows[0].decode("id", as: Int.self) } throws: {
            ($0 as? PostgresError)?.column == "id"
        }
    }

    @Test func mismatchNamesColumnAndTypeButNotTheValue() throws {
        let connection = try TestDatabase.connect()
        let rows = try connection.query("SELECT 'card-4242' AS total")
        let error = try #require(throws: PostgresError.self) { try rows[0].decode("total", as: Int.self) }
        #expect(error.code == .decoding)
        #expect(String(describing: error).contains("total"))
        #expect(String(describing: error).contains("Int"))
        #expect(!String(describing: error).contains("card-4242"))
    }

    @Test func affectedRowsAndCommandTagAreReported() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE a (n int)")
        #expect(try connection.execute("INSERT INTO a SELECT generate_series(1, 5)") == 5)
        let deleted = try connection.query("DELETE FROM a WHERE n > \(3) RETURNING n")
        #expect(deleted.count == 2)
        #expect(deleted.affectedRows == 2)
        #expect(deleted.commandTag == "DELETE 2")
    }
}

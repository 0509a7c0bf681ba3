import LibPQ
import Testing

@Suite struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeNumberedParameters() {
        let name = "O'Brien"
        let query: PostgresQuery = "SELECT * FROM t WHERE name = \(name) AND id > \(Int64(7)) AND ok = \(true)"
        #expect(query.sql == "SELECT * FROM t WHERE name = $1 AND id > $2 AND ok = $3")
        #expect(query.binds.values == ["O'Brien", "7", "t"])
        #expect(query.binds.types == [.unspecified, .int8, .bool])
    }

    @Test func nilOptionalBindsNull() {
        let missing: String? = nil
        let present: Int? = 3
        let query: PostgresQuery = "VALUES (\(missing), \(present))"
        #expect(query.binds.values == [nil, "3"])
    }

    @Test func unsafeRawIsPastedIntoTheSQL() {
        let query: PostgresQuery = "SELECT * FROM \(unsafeRaw: "watches") WHERE id = \(1)"
        #expect(query.sql == "SELECT * FROM watches WHERE id = $1")
        #expect(query.binds.count == 1)
    }

    @Test func arraysBindAsOneArrayLiteral() {
        let strings: [String?] = ["a,b", "{x}", "q\"uote", "back\\slash", "NULL", "", nil]
        let query: PostgresQuery = "SELECT \(strings), \([Int64(1), 2]), \([Int64?.none, 5]), \([true, false])"
        #expect(query.sql == "SELECT $1, $2, $3, $4")
        #expect(
            query.binds.values == [
                #"{"a,b","{x}","q\"uote","back\\slash","NULL","",NULL}"#, "{1,2}", "{NULL,5}", "{t,f}",
            ])
        #expect(query.binds.types == [.unspecified, .int8Array, .int8Array, .boolArray])
    }

    @Test func descriptionOmitsValues() {
        let secret = "shopper@example.com"
        let query: PostgresQuery = "SELECT \(secret)"
        #expect(!String(describing: query).contains(secret))
        #expect(String(reflecting: query).contains(secret))
    }

    @Test func dynamicQueriesNumberTheirOwnPlaceholders() {
        var binds = PostgresBindings()
        let first = binds.append("a")
        let second = binds.append(Int32(2))
        let query = PostgresQuery(unsafeSQL: "SELECT \(first), \(second)", binds: binds)
        #expect(query.sql == "SELECT $1, $2")
        #expect(query.binds.types == [.unspecified, .int4])
    }

    @Test(.requiresDatabase) func injectionAttemptRoundTripsAsData() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE x (v text)")
        let evil = "'; DROP TABLE x; --"
        try connection.execute("INSERT INTO x (v) VALUES (\(evil))")
        let rows = try connection.query("SELECT v FROM x WHERE v = \(evil)")
        #expect(try rows.map { try $0.decode("v", as: String.self) } == [evil])
    }

    @Test(.requiresDatabase) func trickyStringArraysSurviveUnnest() throws {
        let connection = try TestDatabase.connect()
        let strings: [String?] = [
            "a,b", "{x}", "q\"uote", "back\\slash", "NULL", "", nil, " spaced ", "ünïcødé ✓", "new\nline",
        ]
        let ids: [Int64] = Array(1...Int64(strings.count))
        let rows = try connection.query(
            "SELECT id, s FROM unnest(\(ids)::bigint[], \(strings)::text[]) AS t(id, s) ORDER BY id")
        #expect(try rows.map { try $0.decode("id", as: Int64.self) } == ids)
        #expect(try rows.map { try $0.decode("s", as: String?.self) } == strings)

        let echoed = try connection.query("SELECT \(strings)::text[] AS a")
        #expect(try echoed[0].decode("a", as: [String?].self) == strings)
    }

    @Test(.requiresDatabase) func arrayParameterWorksWithAny() throws {
        let connection = try TestDatabase.connect()
        try connection.execute("CREATE TEMP TABLE v (id bigint, name text)")
        try connection.execute(
            "INSERT INTO v SELECT * FROM unnest(\([Int64(271878346596884015), 2, 3])::bigint[], \(["a", "b", "c"])::text[])"
        )
        let rows = try connection.query(
            "SELECT name FROM v WHERE id = ANY(\([Int64(271878346596884015), 3])) ORDER BY name")
        #expect(try rows.map { try $0.decode("name", as: String.self) } == ["a", "c"])
        let byName = try connection.query("SELECT id FROM v WHERE name = ANY(\(["b"]))")
        #expect(try byName.map { try $0.decode("id", as: Int64.self) } == [2])
    }

    @Test(.requiresDatabase) func nulByteInTextIsRefusedBeforeSending() throws {
        let connection = try TestDatabase.connect()
        #expect {
            try connection.query("SELECT \("a\u{0}b")")
        } throws: { ($0 as? PostgresError)?.code == .invalidUse }
    }
}

import RestockCore
import Testing

/// The rule `serve` and `migrate` apply to the schema they find.
@Suite struct SchemaStatusTests {
    @Test func aDatabaseIsCurrentBehindOrAheadOfTheProgram() {
        #expect(SchemaStatus(applied: [1, 2, 3], known: [1, 2, 3]) == .current)
        #expect(SchemaStatus(applied: [], known: [1, 2]) == .behind(database: 0, pending: [1, 2]))
        #expect(SchemaStatus(applied: [1, 2], known: [1, 2, 3, 4]) == .behind(database: 2, pending: [3, 4]))
        // A newer restockd's migration: refused even though this program's are all applied.
        #expect(SchemaStatus(applied: [1, 2, 3, 7], known: [1, 2, 3]) == .ahead(database: 7, program: 3))
        #expect(SchemaStatus(applied: [1, 5], known: [1, 2, 3]) == .ahead(database: 5, program: 3))
    }
}

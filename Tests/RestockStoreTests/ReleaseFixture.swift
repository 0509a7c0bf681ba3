import Foundation
import RestockStore
import RestockTestSupport

/// A database a released `restockd` made (`Tests/StoreFixtures/make-fixtures`, which lists the
/// shop it ran), opened as a fresh ``TestStore`` of this test's own: the SQLite file copied to a
/// scratch directory, the PostgreSQL dump restored into a new schema.
enum ReleaseFixture {
    /// `Tests/StoreFixtures`, found from this file as `ThrowawayPostgres.repository` finds the
    /// repository: the fixtures are data for one test, not a resource of the target.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("StoreFixtures")

    /// The store `version` left, of `kind` (`.sqliteFile` or `.postgres`), not yet migrated.
    static func open(_ kind: StoreKind, version: String) async throws -> TestStore {
        let fixtures = directory.appendingPathComponent(version)
        switch kind {
        case .sqliteFile:
            let scratch = FileManager.default.temporaryDirectory
                .appendingPathComponent("restock-release-fixture-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let path = scratch.appendingPathComponent("restock.sqlite").path
            try FileManager.default.copyItem(
                atPath: fixtures.appendingPathComponent("restock.sqlite").path, toPath: path)
            let store = try SQLiteStore(path: path)
            return TestStore(
                store: store, reopen: { try SQLiteStore(path: path) },
                dispose: {
                    try? await store.close()
                    try FileManager.default.removeItem(at: scratch)
                }, url: "sqlite:" + path)
        case .postgres:
            let made = try await StoreFactory.make(.postgres)
            do {
                let schema = try await made.queryRaw("SELECT current_schema()").first?.first ?? nil
                guard let schema else { throw StoreSetupError(description: "the test store has no schema") }
                let dump = try String(
                    contentsOf: fixtures.appendingPathComponent("restock-postgres.sql"), encoding: .utf8)
                try await made.executeRaw(dump.replacingOccurrences(of: "__SCHEMA__", with: schema))
            } catch {
                try? await made.dispose()
                throw error
            }
            return made
        case .sqliteMemory:
            throw StoreSetupError(description: "a release fixture is a file or a dump, not an in-memory database")
        }
    }
}

import Foundation
import RestockCore
import RestockStore

/// The stores the contract suite runs against.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqliteMemory = "sqlite-memory"
    case sqliteFile = "sqlite-file"
    case postgres

    public var description: String { rawValue }

    /// Every kind this environment runs. PostgreSQL joins when `RESTOCK_TEST_POSTGRES_URL` is set,
    /// and also when `RESTOCK_REQUIRE_POSTGRES=1` is, so that a missing or unreachable server
    /// fails every test instead of silently skipping them.
    public static let enabled: [StoreKind] = {
        let environment = ProcessInfo.processInfo.environment
        let wantsPostgres =
            environment["RESTOCK_TEST_POSTGRES_URL"] != nil
            || environment["RESTOCK_REQUIRE_POSTGRES"] == "1"
        return wantsPostgres ? allCases : [.sqliteMemory, .sqliteFile]
    }()
}

/// A store made for one test, with what it takes to reopen and to clean up.
public struct TestStore: Sendable {
    public let store: any RestockStore
    /// Opens the same data again after `store.close()`; `nil` for a store that forgets on close.
    public let reopen: (@Sendable () async throws -> any RestockStore)?
    /// Closes the store (a test may have closed it already) and deletes what the test created.
    public let dispose: @Sendable () async throws -> Void
    /// The same data as a `restock.store.url`, for starting a `restockd` process on it; `nil`
    /// for a store only this process can see.
    public let url: String?

    public init(
        store: any RestockStore, reopen: (@Sendable () async throws -> any RestockStore)?,
        dispose: @escaping @Sendable () async throws -> Void, url: String? = nil
    ) {
        self.store = store
        self.reopen = reopen
        self.dispose = dispose
        self.url = url
    }
}

/// Why a store could not be made; thrown so the test fails rather than skips.
public struct StoreSetupError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

public enum StoreFactory {
    /// A fresh, empty store of `kind`, independent of every other test's.
    public static func make(_ kind: StoreKind) async throws -> TestStore {
        switch kind {
        case .sqliteMemory:
            let store = try SQLiteStore.inMemory()
            return TestStore(store: store, reopen: nil, dispose: { try? await store.close() })

        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("restock-store-tests-\(UUID().uuidString)")
            let path = directory.appendingPathComponent("data/restock.sqlite").path
            let store = try SQLiteStore(path: path)
            return TestStore(
                store: store,
                reopen: { try SQLiteStore(path: path) },
                dispose: {
                    try? await store.close()
                    try FileManager.default.removeItem(at: directory)
                }, url: "sqlite:" + path)

        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["RESTOCK_TEST_POSTGRES_URL"] else {
                throw StoreSetupError(
                    description: "RESTOCK_REQUIRE_POSTGRES=1 but RESTOCK_TEST_POSTGRES_URL is not set")
            }
            // Each test gets a schema of its own; `reopen` connects to it again, `dispose` drops it.
            return try await PostgresTestStore.make(url: url)
        }
    }
}

/// Runs `body` against a fresh store of `kind`, migrated unless `migrated` is false, and disposes
/// of it afterwards, also when `body` throws.
public func withTestStore(
    _ kind: StoreKind, migrated: Bool = true, _ body: (TestStore) async throws -> Void
) async throws {
    let made = try await StoreFactory.make(kind)
    do {
        if migrated { try await made.store.migrate() }
        try await body(made)
    } catch {
        try? await made.dispose()
        throw error
    }
    try await made.dispose()
}

/// ``withTestStore(_:migrated:_:)`` for the many tests that need only the store.
public func withStore(
    _ kind: StoreKind, migrated: Bool = true, _ body: (any RestockStore) async throws -> Void
) async throws {
    try await withTestStore(kind, migrated: migrated) { try await body($0.store) }
}

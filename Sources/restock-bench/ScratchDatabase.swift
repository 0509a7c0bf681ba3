import Foundation
import LibPQ
import Logging
import RestockCore
import RestockEngine
import RestockStore

/// A database made for one benchmark: its URL (what `restockd` is given) and a way to open it
/// in process.
struct ScratchDatabase: Sendable {
    /// `sqlite:PATH` or a PostgreSQL connection string.
    let url: String
    let dialect: String

    /// Opens and migrates the store. A PostgreSQL store that cannot migrate (not implemented yet,
    /// or the server refused) throws ``StoreUnavailable`` rather than failing the whole run.
    func open() async throws -> OpenStore {
        if dialect == "sqlite" {
            let store = try SQLiteStore(path: String(url.dropFirst("sqlite:".count)))
            _ = try await store.migrate()
            return OpenStore(store: store, pool: nil)
        }
        let pool = PostgresPool(configuration: .init(connectionString: url, maximumConnections: 4))
        let store = PostgresStore(pool: pool)
        do {
            _ = try await store.migrate()
        } catch {
            await pool.close()
            // debugDescription: the generic description hides the store's own explanation.
            throw StoreUnavailable(reason: "PostgreSQL store: \(String(reflecting: error))")
        }
        return OpenStore(store: store, pool: pool)
    }
}

extension ScratchDatabase {
    /// Opens the store for `body` and closes it afterwards, whether `body` throws or not.
    func withStore<T>(_ body: (OpenStore) async throws -> T) async throws -> T {
        let open = try await self.open()
        do {
            let value = try await body(open)
            await open.close()
            return value
        } catch {
            await open.close()
            throw error
        }
    }
}

/// A store opened by the benchmark, and what must be closed with it.
struct OpenStore: Sendable {
    let store: any RestockStore
    let pool: PostgresPool?

    /// An engine over the store with default pacing (everyone in one wave) and no logging, so the
    /// figures measure the engine and the store, not a log handler.
    func engine() -> RestockEngine {
        RestockEngine(
            store: store, configuration: EngineConfiguration(),
            logger: Logger(label: "restock-bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func close() async {
        try? await store.close()
        await pool?.close()
    }
}

extension StoreTarget {
    /// Runs `body` with a fresh database named after `label`, then removes it (except files the
    /// caller asked for with `sqlite:PATH`).
    func withScratchDatabase<T>(label: String, _ body: (ScratchDatabase) async throws -> T)
        async throws -> T
    {
        switch self {
        case .temporarySQLite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("restock-bench-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            return try await body(ScratchDatabase(url: "sqlite:\(directory)/\(label).sqlite", dialect: dialect))
        case .sqlite(let path):
            let file = "\(path).\(label)"
            // Never overwrite: the path is the caller's, and the file may be someone's data.
            guard !FileManager.default.fileExists(atPath: file) else {
                throw StoreUnavailable(reason: "\(file) exists; remove it or choose another --store path")
            }
            return try await body(ScratchDatabase(url: "sqlite:\(file)", dialect: dialect))
        case .postgres(let connectionString):
            return try await PostgresScratch.withDatabase(
                server: connectionString, label: label
            ) { url in try await body(ScratchDatabase(url: url, dialect: dialect)) }
        }
    }
}

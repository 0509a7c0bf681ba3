import ArgumentParser
import Foundation

/// Where the store benchmarks run, from `--store` and `--postgres`.
///
/// Every benchmark makes its own fresh database on the target (``withScratchDatabase(label:_:)``),
/// so figures never depend on what an earlier benchmark or an earlier invocation left behind.
enum StoreTarget: Sendable, Equatable, CustomStringConvertible {
    /// Files in a new temporary directory, removed afterwards: the default.
    case temporarySQLite
    /// Files named `PATH.<benchmark>` next to `PATH`, so the disk under test is the caller's
    /// choice; kept afterwards for inspection.
    case sqlite(path: String)
    /// A scratch database created on the server the connection string names, and dropped
    /// afterwards.
    case postgres(connectionString: String)

    /// Accepts `sqlite`, `sqlite:PATH`, `postgres://…`, `postgresql://…` or a libpq keyword string,
    /// as `restockd` does.
    init(url: String) throws {
        if url == "sqlite" {
            self = .temporarySQLite
        } else if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty, path != ":memory:" else {
                throw ValidationError("--store sqlite: needs a file path (a durable file is the point)")
            }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") || url.contains("=") {
            self = .postgres(connectionString: url)
        } else {
            throw ValidationError(
                "expected sqlite, sqlite:PATH, postgres://… or a libpq keyword string, got \"\(url)\"")
        }
    }

    /// `sqlite` or `postgresql`: the tag on each figure's name.
    var dialect: String {
        switch self {
        case .temporarySQLite, .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }

    /// Printable: never a password.
    var description: String {
        switch self {
        case .temporarySQLite: "SQLite file in a temporary directory"
        case .sqlite(let path): "SQLite files \(path).*"
        case .postgres: "PostgreSQL (scratch database per benchmark)"
        }
    }
}

/// The store cannot run here (e.g. the PostgreSQL store is not implemented yet): the benchmark
/// prints a `skipped:` line instead of a figure.
struct StoreUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

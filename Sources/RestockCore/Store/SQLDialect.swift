/// Which SQL a store speaks. The store's SQL is written once for both (docs/ARCHITECTURE.md §6);
/// where the two differ, the statement is written side by side and picked by this value.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The embedded default: one SQLite file through GRDB.
    case sqlite
    /// PostgreSQL through libpq, shared by several daemons.
    case postgresql

    public var description: String { rawValue }
}

import RestockTestSupport

/// A database's schema as issue 18's "one schema" compares it: what a query or a migration can
/// tell apart, written so that SQLite's and PostgreSQL's spellings of the same thing are equal.
///
/// Read with ``read(_:)`` (`SchemaCatalog+SQLite.swift`, `SchemaCatalog+Postgres.swift`) and
/// compared with ``differences(from:as:and:exactTypes:)``. Storage options such as PostgreSQL's
/// `fillfactor` on `watches` are left out on purpose: they are tuning, not schema, and a
/// dialect may tune where the other cannot.
struct SchemaCatalog: Equatable, Sendable {
    var tables: [String: Table] = [:]
    /// Views by name; only their presence is compared (their text is the dialect's).
    var views: Set<String> = []

    struct Table: Equatable, Sendable {
        /// In declaration order; compared by name, since nothing reads columns by position.
        var columns: [Column] = []
        var primaryKey: [String] = []
        /// UNIQUE constraints and unique indexes without a predicate, by their columns: their
        /// names are the dialect's (`sqlite_autoindex_outbox_1`, `outbox_dedupe_key_key`).
        var uniques: Set<[String]> = []
        var foreignKeys: Set<ForeignKey> = []
        /// Every other index (not unique, or partial), by name.
        var indexes: [String: Index] = [:]

        func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    struct Column: Equatable, Sendable {
        var name: String
        /// The storage family both dialects agree on: `INTEGER` (PostgreSQL's `bigint`,
        /// `integer`, `smallint`, `boolean`), `TEXT`, `REAL`, `BLOB` or `NUMERIC`.
        var family: String
        /// The type as this database declares it (`bigint`, `boolean`, `text COLLATE "C"`,
        /// `INTEGER`), for a comparison of one dialect with itself, or a stricter one later.
        var nativeType: String
        var notNull: Bool
        /// Normalized (``SchemaCatalog/normalizedDefault(_:)``); `nil` when there is none.
        var defaultValue: String?
    }

    struct ForeignKey: Hashable, Sendable, CustomStringConvertible {
        var columns: [String]
        var table: String
        var referencedColumns: [String]
        /// Lower case: `no action`, `cascade`, `restrict`, `set null`, `set default`.
        var onDelete: String

        var description: String {
            "(\(columns.joined(separator: ", "))) → \(table)(\(referencedColumns.joined(separator: ", "))) on delete \(onDelete)"
        }
    }

    struct Index: Equatable, Sendable, CustomStringConvertible {
        var columns: [String]
        var unique: Bool
        /// Normalized (``SchemaCatalog/normalizedPredicate(_:)``); `nil` for a full index.
        var predicate: String?

        var description: String {
            (unique ? "unique " : "") + "(\(columns.joined(separator: ", ")))"
                + (predicate.map { " where \($0)" } ?? "")
        }
    }

    /// The catalog of `store`'s database, read through a connection of its own.
    static func read(_ store: TestStore) async throws -> SchemaCatalog {
        guard let url = store.url else { throw StoreSetupError(description: "the catalog needs a store's URL") }
        return url.hasPrefix("sqlite:") ? try await readSQLite(store) : try await readPostgres(store)
    }
}

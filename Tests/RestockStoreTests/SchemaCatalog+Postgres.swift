import Foundation
import RestockTestSupport

extension SchemaCatalog {
    /// PostgreSQL's catalog of the connection's `current_schema()` (each test store has a schema
    /// of its own), from `information_schema` for tables and columns and from `pg_index` and
    /// `pg_constraint` for what `information_schema` leaves out: partial indexes and their
    /// predicates.
    static func readPostgres(_ store: TestStore) async throws -> SchemaCatalog {
        var catalog = SchemaCatalog()
        for row in try await store.queryRaw(
            "SELECT table_type, table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        {
            if row[0] == "VIEW" { catalog.views.insert(row[1]!) } else { catalog.tables[row[1]!] = Table() }
        }
        let columns = try await store.queryRaw(
            """
            SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity,
                   identity_generation, collation_name
            FROM information_schema.columns WHERE table_schema = current_schema()
            ORDER BY table_name, ordinal_position
            """)
        for row in columns where catalog.tables[row[0]!] != nil {
            var native = row[2]!
            if let collation = row[7] { native += " COLLATE \"\(collation)\"" }
            if row[5] == "YES" { native += " GENERATED \(row[6] ?? "") AS IDENTITY" }
            catalog.tables[row[0]!]!.columns.append(
                Column(
                    name: row[1]!, family: postgresFamily(row[2]!), nativeType: native, notNull: row[3] == "NO",
                    defaultValue: row[4].flatMap(normalizedDefault)))
        }
        try await readPostgresIndexes(store, into: &catalog)
        try await readPostgresForeignKeys(store, into: &catalog)
        return catalog
    }

    /// Every index, its key columns as `pg_get_indexdef` names them (1-based) and its predicate
    /// as `pg_get_expr` prints it. The primary key's index is the primary key.
    private static func readPostgresIndexes(_ store: TestStore, into catalog: inout SchemaCatalog) async throws {
        let rows = try await store.queryRaw(
            """
            SELECT t.relname, c.relname, i.indisprimary, i.indisunique, pg_get_expr(i.indpred, i.indrelid),
                   pg_get_indexdef(i.indexrelid, k, true)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k
            WHERE n.nspname = current_schema()
            ORDER BY t.relname, c.relname, k
            """)
        var indexes: [String: (table: String, primary: Bool, index: Index)] = [:]
        for row in rows {
            let column = row[5]!.replacingOccurrences(of: "\"", with: "")
            indexes[
                row[1]!,
                default: (
                    row[0]!, row[2] == "t",
                    Index(columns: [], unique: row[3] == "t", predicate: row[4].map(normalizedPredicate))
                )
            ].index.columns.append(column)
        }
        for (name, entry) in indexes {
            if entry.primary {
                catalog.tables[entry.table]?.primaryKey = entry.index.columns
            } else {
                catalog.add(index: entry.index, named: name, on: entry.table)
            }
        }
    }

    /// Foreign keys with their columns in key order and `confdeltype` spelled out.
    private static func readPostgresForeignKeys(_ store: TestStore, into catalog: inout SchemaCatalog) async throws {
        let rows = try await store.queryRaw(
            """
            SELECT t.relname, r.relname, c.confdeltype,
                   array_to_string(ARRAY(
                       SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
                       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.position), ','),
                   array_to_string(ARRAY(
                       SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, position)
                       JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.position), ',')
            FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_class r ON r.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """)
        let actions = ["a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"]
        for row in rows {
            catalog.tables[row[0]!]?.foreignKeys.insert(
                ForeignKey(
                    columns: row[3]!.split(separator: ",").map(String.init), table: row[1]!,
                    referencedColumns: row[4]!.split(separator: ",").map(String.init),
                    onDelete: actions[row[2]!] ?? row[2]!))
        }
    }

    /// The family SQLite would store a PostgreSQL type's values in: booleans are 0 and 1 there.
    static func postgresFamily(_ type: String) -> String {
        switch type {
        case "bigint", "integer", "smallint", "boolean": "INTEGER"
        case "text", "character varying", "character": "TEXT"
        case "double precision", "real": "REAL"
        case "bytea": "BLOB"
        default: "NUMERIC"
        }
    }
}

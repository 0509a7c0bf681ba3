import RestockTestSupport

extension SchemaCatalog {
    /// SQLite's catalog from `sqlite_master` and the `pragma_*` table functions, joined per table
    /// so each kind of object is one query. `sqlite_sequence` and SQLite's other own tables
    /// (`sqlite_*`) are its bookkeeping, not our schema.
    static func readSQLite(_ store: TestStore) async throws -> SchemaCatalog {
        var catalog = SchemaCatalog()
        for row in try await store.queryRaw(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ) {
            if row[0] == "view" { catalog.views.insert(row[1]!) } else { catalog.tables[row[1]!] = Table() }
        }
        let columns = try await store.queryRaw(
            """
            SELECT m.name, c.name, c.type, c."notnull", c.dflt_value, c.pk
            FROM sqlite_master m JOIN pragma_table_info(m.name) c
            WHERE m.type = 'table' ORDER BY m.name, c.cid
            """)
        var primaryKeys: [String: [(position: Int, column: String)]] = [:]
        for row in columns where catalog.tables[row[0]!] != nil {
            let declared = row[2] ?? ""
            catalog.tables[row[0]!]!.columns.append(
                Column(
                    name: row[1]!, family: sqliteFamily(declared), nativeType: declared, notNull: row[3] == "1",
                    defaultValue: row[4].flatMap(normalizedDefault)))
            if let position = Int(row[5] ?? "0"), position > 0 {
                primaryKeys[row[0]!, default: []].append((position, row[1]!))
            }
        }
        for (table, key) in primaryKeys {
            let names = key.sorted { $0.position < $1.position }.map(\.column)
            catalog.tables[table]!.primaryKey = names
            // A lone `INTEGER PRIMARY KEY` is the rowid, which can never be NULL, though
            // `pragma_table_info` reports it as nullable unless declared NOT NULL.
            if names.count == 1,
                let index = catalog.tables[table]!.columns.firstIndex(where: { $0.name == names[0] }),
                catalog.tables[table]!.columns[index].nativeType.uppercased() == "INTEGER"
            {
                catalog.tables[table]!.columns[index].notNull = true
            }
        }
        try await readSQLiteIndexes(store, into: &catalog)
        try await readSQLiteForeignKeys(store, into: &catalog)
        return catalog
    }

    /// Indexes with their columns in order and, for a partial one, the `WHERE` of the `CREATE
    /// INDEX` text. The primary key's own index (origin `pk`) is the primary key, read above.
    private static func readSQLiteIndexes(_ store: TestStore, into catalog: inout SchemaCatalog) async throws {
        let rows = try await store.queryRaw(
            """
            SELECT m.name, l.name, l."unique", l.origin, l.partial, i.name, s.sql
            FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) i
            LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = l.name
            WHERE m.type = 'table' AND l.origin <> 'pk'
            ORDER BY m.name, l.name, i.seqno
            """)
        var indexes: [String: (table: String, index: Index)] = [:]
        for row in rows {
            let name = row[1]!
            let predicate = row[4] == "1" ? row[6].flatMap(wherePart).map(normalizedPredicate) : nil
            indexes[name, default: (row[0]!, Index(columns: [], unique: row[2] == "1", predicate: predicate))]
                .index.columns.append(row[5] ?? "<expression>")
        }
        for (name, entry) in indexes {
            catalog.add(index: entry.index, named: name, on: entry.table)
        }
    }

    /// Foreign keys, one per `id`, its columns in `seq` order. A key that names no referenced
    /// columns refers to the other table's primary key.
    private static func readSQLiteForeignKeys(_ store: TestStore, into catalog: inout SchemaCatalog) async throws {
        let rows = try await store.queryRaw(
            """
            SELECT m.name, f.id, f."table", f."from", f."to", f.on_delete
            FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq
            """)
        var keys: [String: (table: String, key: ForeignKey)] = [:]
        for row in rows {
            let id = row[0]! + "#" + row[1]!
            var entry =
                keys[id] ?? (
                    row[0]!,
                    ForeignKey(columns: [], table: row[2]!, referencedColumns: [], onDelete: row[5]!.lowercased())
                )
            entry.key.columns.append(row[3]!)
            if let to = row[4] { entry.key.referencedColumns.append(to) }
            keys[id] = entry
        }
        for (_, var entry) in keys {
            if entry.key.referencedColumns.isEmpty {
                entry.key.referencedColumns = catalog.tables[entry.key.table]?.primaryKey ?? []
            }
            catalog.tables[entry.table]?.foreignKeys.insert(entry.key)
        }
    }

    /// SQLite's type affinity rules (https://www.sqlite.org/datatype3.html §3.1), in their order.
    static func sqliteFamily(_ declared: String) -> String {
        let type = declared.uppercased()
        if type.contains("INT") { return "INTEGER" }
        if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") { return "TEXT" }
        if type.contains("BLOB") || type.isEmpty { return "BLOB" }
        if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") { return "REAL" }
        return "NUMERIC"
    }

    /// What follows the last `WHERE` of a `CREATE INDEX` statement.
    static func wherePart(_ sql: String) -> String? {
        guard let found = sql.ranges(of: #/(?i)\bwhere\b/#).last else { return nil }
        return String(sql[found.upperBound...])
    }

    /// Files an index where ``Table`` compares it: a unique one without a predicate among the
    /// table's uniques (by columns), any other by name.
    mutating func add(index: Index, named name: String, on table: String) {
        guard tables[table] != nil else { return }
        if index.unique && index.predicate == nil {
            tables[table]!.uniques.insert(index.columns)
        } else {
            tables[table]!.indexes[name] = index
        }
    }
}

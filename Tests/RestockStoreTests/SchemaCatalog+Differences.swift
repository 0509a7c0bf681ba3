extension SchemaCatalog {
    /// Every difference between this catalog and `other`, one readable line each, sorted:
    /// `table waiting: only on postgresql`, `column feed_polls.url: nullable on sqlite`,
    /// `index outbox_watch: only on postgresql`. `name` and `otherName` say which side is which.
    ///
    /// Columns are compared by family, nullability and default; with `exactTypes` (for two
    /// databases of one dialect) also by the type as declared. The objects of a table found on
    /// one side only are that one line, not one line each.
    func differences(from other: SchemaCatalog, as name: String, and otherName: String, exactTypes: Bool = false)
        -> [String]
    {
        var lines: [String] = []
        func onlyOn(_ kind: String, _ mine: some Collection<String>, _ theirs: some Collection<String>) {
            lines += Set(mine).subtracting(theirs).map { "\(kind) \($0): only on \(name)" }
            lines += Set(theirs).subtracting(mine).map { "\(kind) \($0): only on \(otherName)" }
        }
        onlyOn("table", tables.keys, other.tables.keys)
        onlyOn("view", views, other.views)
        for (tableName, table) in tables {
            guard let theirs = other.tables[tableName] else { continue }
            lines += table.differences(
                from: theirs, table: tableName, as: name, and: otherName, exactTypes: exactTypes)
        }
        return lines.sorted()
    }
}

extension SchemaCatalog.Table {
    /// The differences of two tables of one name; see ``SchemaCatalog/differences(from:as:and:exactTypes:)``.
    func differences(
        from other: SchemaCatalog.Table, table: String, as name: String, and otherName: String, exactTypes: Bool
    ) -> [String] {
        var lines: [String] = []
        func onlyOn(_ kind: String, _ mine: some Collection<String>, _ theirs: some Collection<String>) {
            lines += Set(mine).subtracting(theirs).map { "\(kind): only on \(name)".replacing("{}", with: $0) }
            lines += Set(theirs).subtracting(mine).map { "\(kind): only on \(otherName)".replacing("{}", with: $0) }
        }
        func both<T: Equatable>(_ what: String, _ mine: T, _ theirs: T, _ show: (T) -> String) {
            if mine != theirs { lines.append("\(what): \(show(mine)) on \(name), \(show(theirs)) on \(otherName)") }
        }
        func list(_ columns: [String]) -> String { "(" + columns.joined(separator: ", ") + ")" }

        onlyOn("column \(table).{}", columns.map(\.name), other.columns.map(\.name))
        for column in columns {
            guard let theirs = other.column(column.name) else { continue }
            let what = "column \(table).\(column.name)"
            both(what, column.family, theirs.family) { $0 }
            if exactTypes { both(what + " type", column.nativeType, theirs.nativeType) { $0 } }
            if column.notNull != theirs.notNull {
                lines.append("\(what): nullable on \(column.notNull ? otherName : name)")
            }
            both(what + " default", column.defaultValue, theirs.defaultValue) { $0 ?? "none" }
        }
        both("primary key \(table)", primaryKey, other.primaryKey, list)
        onlyOn("unique \(table){}", uniques.map(list), other.uniques.map(list))
        onlyOn("foreign key \(table){}", foreignKeys.map(\.description), other.foreignKeys.map(\.description))
        onlyOn("index {}", indexes.keys, other.indexes.keys)
        for (indexName, index) in indexes {
            guard let theirs = other.indexes[indexName] else { continue }
            both("index \(indexName)", index, theirs, \.description)
        }
        return lines
    }
}

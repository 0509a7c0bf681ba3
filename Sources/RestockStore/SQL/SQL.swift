import RestockCore

/// A statement written once for both dialects, with its values as parameters by construction.
///
/// Literal text is SQL; every interpolated value becomes a parameter (`?` on SQLite, `$n` on
/// PostgreSQL), so a value can never change the statement:
///
/// ```swift
/// try sql.execute("UPDATE customers SET suppressed_at = \(at.microseconds) WHERE id = \(id)")
/// ```
///
/// Where the dialects spell something differently, the statement says so at that spot:
/// `\(anyOf: ids)` is `IN (SELECT value FROM json_each(?))` on SQLite and `= ANY($1::bigint[])`
/// on PostgreSQL; `FROM \(list: ids)` is a table of one column, `list.value` (`json_each`,
/// `unnest`); `\(sqlite: "max", postgresql: "greatest")` picks a word. Text chosen by code
/// (a column list) goes in through `\(raw:)`. Model: ``LibPQ/PostgresQuery``.
struct SQL: ExpressibleByStringInterpolation, Sendable {
    enum Part: Sendable {
        case text(String)
        case value(SQLValue)
        case anyOf(SQLValue, postgresType: String)
        case list(SQLValue, postgresType: String)
        case rows([SQLColumn], name: String, position: Bool)
        case dialect(sqlite: String, postgresql: String)
    }

    var parts: [Part]

    init(stringLiteral value: String) { parts = [.text(value)] }

    init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

    struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(2 * interpolationCount + 1)
        }

        mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }

        /// A parameter holding `value`.
        mutating func appendInterpolation<Value: SQLBindable>(_ value: Value) {
            parts.append(.value(value.sqlValue))
        }

        /// A parameter holding `value`, NULL when it is `nil`. Spelled out so the compiler does
        /// not warn that an optional is being interpolated.
        mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            parts.append(.value(value.sqlValue))
        }

        /// Membership in a list of ids, as one parameter: `x \(anyOf: ids)`.
        mutating func appendInterpolation(anyOf ids: [Int64]) {
            parts.append(.anyOf(.integers(ids.map { $0 }), postgresType: "bigint[]"))
        }

        /// Membership in a list of texts, as one parameter: `x \(anyOf: names)`.
        mutating func appendInterpolation(anyOf texts: [String]) {
            parts.append(.anyOf(.texts(texts.map { $0 }), postgresType: "text[]"))
        }

        /// A list as a table of one column, `list.value`: `FROM \(list: ids)`.
        mutating func appendInterpolation(list ids: [Int64]) {
            parts.append(.list(.integers(ids.map { $0 }), postgresType: "bigint[]"))
        }

        /// A list of texts as a table of one column, `list.value`: `FROM \(list: names)`.
        mutating func appendInterpolation(list texts: [String]) {
            parts.append(.list(.texts(texts.map { $0 }), postgresType: "text[]"))
        }

        /// Rows from equal-length columns, as a table `name` with those columns (and `position`,
        /// from 1, when asked): `FROM \(rows: SQLColumn("id", ids), SQLColumn("at", times), as: "d")`.
        /// One parameter per column on PostgreSQL (`unnest`), one JSON array of rows on SQLite
        /// (`json_each`), so a batch of any size is one statement on both.
        mutating func appendInterpolation(rows columns: SQLColumn..., as name: String, position: Bool = false) {
            parts.append(.rows(columns, name: name, position: position))
        }

        /// A word or fragment the dialects spell differently, both written here.
        mutating func appendInterpolation(sqlite: String, postgresql: String) {
            parts.append(.dialect(sqlite: sqlite, postgresql: postgresql))
        }

        /// SQL text chosen by code (a column list, a constant), never a value from outside.
        mutating func appendInterpolation(raw text: String) { parts.append(.text(text)) }
    }

    /// The statement's text in `dialect` with its placeholders, and the values for them in order.
    func rendered(for dialect: SQLDialect) -> (text: String, values: [SQLValue]) {
        var text = ""
        var values: [SQLValue] = []
        func placeholder(_ value: SQLValue) -> String {
            values.append(value)
            return dialect == .sqlite ? "?" : "$\(values.count)"
        }
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .value(let value): text += placeholder(value)
            case .anyOf(let list, let type):
                let mark = placeholder(list)
                text += dialect == .sqlite ? "IN (SELECT value FROM json_each(\(mark)))" : "= ANY(\(mark)::\(type))"
            case .list(let list, let type):
                let mark = placeholder(list)
                text += dialect == .sqlite ? "json_each(\(mark)) AS list" : "unnest(\(mark)::\(type)) AS list(value)"
            case .rows(let columns, let name, let position):
                if dialect == .sqlite {
                    let mark = placeholder(.text(JSONArray.rows(columns.map(\.values))))
                    let fields = columns.enumerated().map {
                        "json_extract(value, '$[\($0.offset)]') AS \($0.element.name)"
                    }
                    text += "(SELECT \((fields + (position ? ["key + 1 AS position"] : [])).joined(separator: ", "))"
                    text += " FROM json_each(\(mark))) AS \(name)"
                } else {
                    let arrays = columns.map { "\(placeholder($0.values))::\($0.postgresType)" }
                    let names = columns.map(\.name) + (position ? ["position"] : [])
                    text += "unnest(\(arrays.joined(separator: ", ")))\(position ? " WITH ORDINALITY" : "")"
                    text += " AS \(name)(\(names.joined(separator: ", ")))"
                }
            case .dialect(let sqlite, let postgresql): text += dialect == .sqlite ? sqlite : postgresql
            }
        }
        return (text, values)
    }
}

/// A named column of ``SQL/StringInterpolation/appendInterpolation(rows:as:position:)``.
struct SQLColumn: Sendable {
    let name: String
    let values: SQLValue

    init<Element: SQLArrayElement>(_ name: String, _ values: [Element]) {
        self.name = name
        self.values = values.sqlValue
    }

    var postgresType: String {
        if case .texts = values { return "text[]" }
        return "bigint[]"
    }
}

/// A SQL statement and its bound parameters, parameterised by construction.
///
/// Written as a string literal, every interpolated value becomes a `$n` placeholder and a
/// parameter sent separately from the SQL text, so a value can never change the statement:
///
/// ```swift
/// let rows = try connection.query("SELECT id FROM watches WHERE email = \(email) AND id = ANY(\(ids))")
/// ```
///
/// Text that must be SQL (an identifier chosen by code, never by a user) goes in through
/// `\(unsafeRaw: ...)`, which is named to stand out in review.
/// Model: postgres-nio's `PostgresQuery`.
public struct PostgresQuery: Sendable, Hashable {
    /// The SQL text, with `$1`, `$2`… where values were interpolated.
    public var sql: String
    /// The values for the placeholders, in order.
    public var binds: PostgresBindings

    /// A query from SQL the caller has already made safe, with parameters for its placeholders.
    public init(unsafeSQL sql: String, binds: PostgresBindings = PostgresBindings()) {
        self.sql = sql
        self.binds = binds
    }
}

extension PostgresQuery: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Builds a ``PostgresQuery``: literals are SQL, interpolations are parameters.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var binds: PostgresBindings

        public init(literalCapacity: Int, interpolationCount: Int) {
            self.sql = ""
            self.sql.reserveCapacity(literalCapacity + 4 * interpolationCount)
            self.binds = PostgresBindings()
        }

        public mutating func appendLiteral(_ literal: String) {
            sql.append(literal)
        }

        /// Appends `$n` and binds `value` as parameter n.
        public mutating func appendInterpolation<Value: PostgresBindable>(_ value: Value) {
            sql.append(binds.append(value))
        }

        /// Appends `$n` and binds `value` as parameter n, NULL when it is `nil`. Spelled out so
        /// the compiler does not warn that an optional is being interpolated.
        public mutating func appendInterpolation<Value: PostgresBindable>(_ value: Value?) {
            sql.append(binds.append(value))
        }

        /// Appends `sql` to the statement as SQL text, unescaped. Only for fragments chosen by
        /// code (a table name, `ASC`/`DESC`); a value from outside belongs in `\(value)`.
        public mutating func appendInterpolation(unsafeRaw sql: String) {
            self.sql.append(sql)
        }
    }
}

extension PostgresQuery: CustomStringConvertible, CustomDebugStringConvertible {
    /// The SQL and how many parameters it has; never the values, which may be personal data.
    public var description: String {
        "\(sql) [\(binds.count) parameter\(binds.count == 1 ? "" : "s")]"
    }

    /// The SQL and the values, for debugging only.
    public var debugDescription: String {
        "PostgresQuery(sql: \(String(reflecting: sql)), binds: \(String(reflecting: binds.values)))"
    }
}

/// The parameters of a ``PostgresQuery``: text values (`nil` is NULL) and their declared types.
public struct PostgresBindings: Sendable, Hashable {
    /// Each parameter in PostgreSQL's text input format; `nil` is SQL NULL.
    public private(set) var values: [String?] = []
    /// The type each parameter is declared as (`.unspecified` lets the server infer it).
    public private(set) var types: [PostgresDataType] = []

    public init() {}

    /// How many parameters there are; the last one is `$count`.
    public var count: Int { values.count }

    /// Adds a parameter and returns its placeholder (`"$3"`), for building dynamic SQL with
    /// ``PostgresQuery/init(unsafeSQL:binds:)``.
    @discardableResult
    public mutating func append<Value: PostgresBindable>(_ value: Value) -> String {
        values.append(value.postgresText)
        types.append(Value.postgresDataType)
        return "$\(values.count)"
    }
}

/// Everything that can go wrong talking to PostgreSQL through ``LibPQ``.
///
/// `description` is deliberately generic (the code and SQLSTATE, for decoding errors the column
/// and type): server messages quote values ("Key (email)=(…) already exists") and connection
/// errors name hosts, so the details live only in `debugDescription`
/// (`String(reflecting: error)`). Model: postgres-nio's `PSQLError`.
public struct PostgresError: Error, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case connection, query, decoding, cancelled, closed, invalidUse
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Could not connect, or the connection broke (SQLSTATE class 08, admin shutdown…).
        public static let connection = Code(.connection)
        /// The server rejected the statement; see ``PostgresError/sqlState``.
        public static let query = Code(.query)
        /// A column could not be decoded to the requested Swift type.
        public static let decoding = Code(.decoding)
        /// The task was cancelled, and the running statement with it.
        public static let cancelled = Code(.cancelled)
        /// The connection or pool was closed.
        public static let closed = Code(.closed)
        /// The API was used in a way it does not support (NUL in text, nested transaction, COPY).
        public static let invalidUse = Code(.invalidUse)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The five-character SQLSTATE the server (or libpq) reported, e.g. `23505`.
    public var sqlState: String?
    /// The primary message, from the server or libpq. May quote values: keep out of logs.
    public var serverMessage: String?
    /// The server's DETAIL line. May quote values.
    public var detail: String?
    /// The server's HINT line.
    public var hint: String?
    /// The violated constraint's name, for integrity errors.
    public var constraintName: String?
    /// The table the error concerns, when the server says.
    public var tableName: String?
    /// For ``Code/decoding``: the column that could not be decoded.
    public var column: String?
    /// For ``Code/decoding``: the Swift type it was decoded as.
    public var swiftType: String?
    /// The SQL of the failing statement (never its parameter values).
    public var query: String?

    public init(
        code: Code, sqlState: String? = nil, serverMessage: String? = nil, detail: String? = nil,
        hint: String? = nil, constraintName: String? = nil, tableName: String? = nil,
        column: String? = nil, swiftType: String? = nil, query: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.serverMessage = serverMessage
        self.detail = detail
        self.hint = hint
        self.constraintName = constraintName
        self.tableName = tableName
        self.column = column
        self.swiftType = swiftType
        self.query = query
    }
}

extension PostgresError {
    /// `23505 unique_violation`: the row exists already.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503 foreign_key_violation`.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// `40001 serialization_failure` or `40P01 deadlock_detected`: retrying the whole
    /// transaction may succeed.
    public var isTransactionRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// The task was cancelled (the statement may or may not have run to completion).
    public var isCancelled: Bool { code == .cancelled }

    /// The connection this happened on is unusable: it failed to connect, broke, or the server
    /// is going away (class 08, `57P01` admin shutdown, `57P02` crash shutdown, `57P03` cannot
    /// connect now). Such a connection is discarded and the next use makes a new one.
    public var isConnectionError: Bool {
        if code == .connection { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }
}

extension PostgresError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        var parts = ["code: \(code)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        if let column { parts.append("column: \(column)") }
        if let swiftType { parts.append("type: \(swiftType)") }
        return "PostgresError(\(parts.joined(separator: ", ")))"
            + " - details withheld as they may hold data; use String(reflecting:)"
    }

    public var debugDescription: String {
        var parts = ["code: \(code)"]
        let fields: [(String, String?)] = [
            ("sqlState", sqlState), ("serverMessage", serverMessage), ("detail", detail),
            ("hint", hint), ("constraintName", constraintName), ("tableName", tableName),
            ("column", column), ("swiftType", swiftType), ("query", query),
        ]
        for case let (name, value?) in fields { parts.append("\(name): \(String(reflecting: value))") }
        return "PostgresError(\(parts.joined(separator: ", ")))"
    }
}

import CLibPQ

/// One libpq connection (`PGconn*`). Blocking and synchronous, and deliberately not `Sendable`.
///
/// libpq's rule is "one thread at a time per PGconn", which Swift enforces here by keeping the
/// type non-`Sendable`: own it from one ``PostgresConnectionActor`` (or use a ``PostgresPool``),
/// whose serial executor keeps the blocking calls off the cooperative thread pool. The only part
/// that may cross threads is ``cancelToken``.
///
/// Statements go through `PQexecParams` with text parameters and text results; see
/// ``PostgresQuery``. A statement is refused before it is sent when the current task is
/// cancelled, so a cancelled task's remaining statements do not run.
public final class PostgresConnection {
    private(set) var handle: OpaquePointer?
    /// Set once a statement failed in a way that leaves the connection unusable.
    var isBroken = false
    /// Statements prepared on this session, by SQL and parameter types. The server parses and
    /// plans a statement sent with `PQexecParams` every time; a daemon sends the same few dozen
    /// statements over and over, and on a 2-core machine that parsing was the largest part of the
    /// server's CPU per webhook (pgbench on one machine: 4,323 tps unprepared, 8,038 prepared).
    private var prepared: [PreparedKey: String] = [:]
    /// A statement ``send(_:verify:)`` sent whose answer has not been read yet.
    var pending: PendingStatement?
    /// ``transaction(_:)`` has begun a transaction the server has not been told of yet: its
    /// `BEGIN` goes with the first statement, in one round trip (``runOpening(_:types:handle:)``).
    var beginDeferred = false
    /// Bounds the cache: SQL built at run time (IN lists of varying length) would otherwise grow it
    /// without end. Past it, statements go unprepared.
    static let maxPrepared = 200

    struct PreparedKey: Hashable {
        var sql: String
        var types: [UInt32]
    }

    /// Cancels this connection's running statement; safe to send to and use from any thread.
    public let cancelToken: PostgresCancelToken?

    /// Connects with `connectionString` passed to `PQconnectdb` untouched, so every libpq form
    /// works: `postgres://` URIs, `key=value` strings, several hosts with
    /// `target_session_attrs=read-write`, `PG*` environment variables for what is left out.
    ///
    /// Blocks until connected (bounded by `connect_timeout`, if set). Makes sure the session
    /// speaks UTF-8, as Swift strings do.
    public init(connectionString: String) throws {
        guard let handle = PQconnectdb(connectionString) else {
            throw PostgresError(code: .connection, serverMessage: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.errorMessage(handle)
            PQfinish(handle)
            throw PostgresError(code: .connection, serverMessage: message)
        }
        if String(cString: pg_encoding_to_char(PQclientEncoding(handle))) != "UTF8",
            PQsetClientEncoding(handle, "UTF8") != 0
        {
            let message = Self.errorMessage(handle)
            PQfinish(handle)
            throw PostgresError(code: .connection, serverMessage: message)
        }
        // libpq prints NOTICEs and a server's unsolicited goodbye to stderr by default; a
        // daemon's stderr is its journal, and errors reach the caller as PostgresError anyway.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        self.handle = handle
        self.cancelToken = PostgresCancelToken(connection: handle)
    }

    deinit { close() }

    /// Closes the connection (`PQfinish`); later statements throw ``PostgresError/Code/closed``.
    public func close() {
        if let handle {
            PQfinish(handle)
            self.handle = nil
        }
    }

    /// Whether the connection can still run statements: open, `CONNECTION_OK`, and no statement
    /// failed with a connection error. It only knows what libpq last saw; see ``checkHealth()``.
    public var isUsable: Bool {
        guard let handle, !isBroken else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Reads whatever the server sent while the connection sat idle, without blocking, and
    /// returns ``isUsable``. A server that restarted or terminated this backend has sent an
    /// error and closed the socket; this notices before any statement is risked on it.
    @discardableResult
    public func checkHealth() -> Bool {
        guard let handle, !isBroken else { return false }
        // One call may only read the server's goodbye (FATAL 57P01) and the next finds the
        // end of the stream; each call returns at once when nothing is waiting.
        for _ in 0..<4 where PQstatus(handle) == CONNECTION_OK {
            if PQconsumeInput(handle) == 0 { isBroken = true }
        }
        return isUsable
    }

    /// Where the session stands: idle, in a transaction, or in a failed transaction.
    public var transactionStatus: TransactionStatus {
        guard let handle else { return .unknown }
        if beginDeferred { return .inTransaction }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }

    /// The session state reported by `PQtransactionStatus`.
    public enum TransactionStatus: Sendable, Hashable {
        case idle, active, inTransaction, failedTransaction, unknown
    }

    /// The server process id serving this connection (`pg_backend_pid()`), 0 when closed.
    public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// The server version as an integer, e.g. 150018 for 15.18; 0 when closed.
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// Runs one statement and returns its rows (empty for commands without rows).
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        try run(query, checkCancellation: true)
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted
    /// (0 for commands that do not count rows).
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> Int {
        try run(query, checkCancellation: true).affectedRows ?? 0
    }

    /// Runs `sql` as-is through `PQexec`: several `;`-separated statements are allowed and run
    /// as one implicit transaction unless they contain their own `BEGIN`/`COMMIT`. For
    /// migrations; there are no parameters. Returns the last statement's rows.
    @discardableResult
    public func simpleQuery(_ sql: String) throws -> PostgresRows {
        try finishPending()
        try beginNow()
        let handle = try openHandle(checkCancellation: true)
        return try check(PQexec(handle, sql), handle: handle, sql: sql)
    }

    /// Asks the server to cancel the running statement. The connection itself is not
    /// `Sendable`; to cancel from another thread, send it ``cancelToken`` instead.
    @discardableResult
    public func cancel() -> Bool { cancelToken?.cancel() ?? false }

    /// Runs a statement; `checkCancellation` is off for the `BEGIN`/`COMMIT`/`ROLLBACK` that
    /// ``transaction(_:)`` must send whatever the task's state.
    @discardableResult
    func run(_ query: PostgresQuery, checkCancellation: Bool) throws -> PostgresRows {
        try finishPending()
        let handle = try openHandle(checkCancellation: checkCancellation)
        let binds = query.binds
        try Self.refuseNULBytes(in: query)
        let types = binds.types.map(\.rawValue)
        if beginDeferred { return try runOpening(query, types: types, handle: handle) }
        if let name = try preparedName(for: query, types: types, handle: handle) {
            let result = withCStrings(binds.values) { values in
                PQexecPrepared(handle, name, Int32(binds.count), values, nil, nil, 0)
            }
            return try check(result, handle: handle, sql: query.sql)
        }
        let result = withCStrings(binds.values) { values in
            PQexecParams(handle, query.sql, Int32(binds.count), types, values, nil, nil, 0)
        }
        return try check(result, handle: handle, sql: query.sql)
    }

    /// The prepared statement to run `query` as, or `nil` to send it unnamed
    /// (``isPreparable(_:)``).
    func preparedName(for query: PostgresQuery, types: [UInt32], handle: OpaquePointer) throws -> String? {
        guard Self.isPreparable(query.binds) else { return nil }
        return try preparedName(query.sql, types: types, handle: handle)
    }

    /// Whether a statement with these parameters runs as a prepared statement. Statements without
    /// parameters (BEGIN, COMMIT, SAVEPOINT, DDL) are cheap to parse and not worth a prepared
    /// statement each; bulk ones are planned for their size each time (``isBulk(_:)``).
    static func isPreparable(_ binds: PostgresBindings) -> Bool {
        binds.count > 0 && !isBulk(binds)
    }

    /// A parameter longer than this (an array of about a thousand ids) makes its statement bulk.
    static let bulkParameterBytes = 8192

    /// Whether the statement carries a big array, and so is never prepared. A prepared
    /// statement soon gets PostgreSQL's generic plan, made for an `= ANY($1)` array of unknown
    /// (assumed small) size; with 50,000 ids that plan took 2 s where one planned for them
    /// took 0.24 s, and once, in a benchmark, 423 s. Planning costs nothing beside such work.
    static func isBulk(_ binds: PostgresBindings) -> Bool {
        binds.values.contains { ($0?.utf8.count ?? 0) > bulkParameterBytes }
    }

    /// libpq takes parameters as C strings, which would cut a value at its first NUL.
    static func refuseNULBytes(in query: PostgresQuery) throws {
        for value in query.binds.values where value?.utf8.contains(0) == true {
            throw PostgresError(
                code: .invalidUse, serverMessage: "a text parameter contains a NUL byte",
                query: query.sql)
        }
    }

    /// The name `query` is already prepared under, without preparing it.
    func existingPreparedName(for query: PostgresQuery, types: [UInt32]) -> String? {
        prepared[PreparedKey(sql: query.sql, types: types)]
    }

    /// The name of `sql` prepared on this session, preparing it on first use; `nil` once the
    /// cache is full. A failed prepare throws as the statement itself would have (and is not
    /// cached, so an aborted transaction does not poison the name).
    private func preparedName(_ sql: String, types: [UInt32], handle: OpaquePointer) throws -> String? {
        let key = PreparedKey(sql: sql, types: types)
        if let name = prepared[key] { return name }
        guard prepared.count < Self.maxPrepared else { return nil }
        let name = "restock_\(prepared.count)"
        let result = PQprepare(handle, name, sql, Int32(types.count), types)
        _ = try check(result, handle: handle, sql: sql)
        prepared[key] = name
        return name
    }

    func openHandle(checkCancellation: Bool) throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(code: .closed, serverMessage: "the connection is closed")
        }
        if checkCancellation && Task.isCancelled {
            throw PostgresError(code: .cancelled, serverMessage: "the task was cancelled")
        }
        return handle
    }

    /// Turns a `PGresult*` into rows or an error, and marks the connection broken when libpq
    /// says it is (or when it is stuck in a COPY this API cannot finish).
    func check(_ result: OpaquePointer?, handle: OpaquePointer, sql: String) throws -> PostgresRows {
        guard let result else {
            // NULL means out of memory or a connection that could not even send the statement.
            isBroken = isBroken || PQstatus(handle) != CONNECTION_OK
            throw PostgresError(code: .connection, serverMessage: Self.errorMessage(handle), query: sql)
        }
        let owned = PostgresResult(result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result: owned)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            isBroken = true
            throw PostgresError(code: .invalidUse, serverMessage: "COPY is not supported", query: sql)
        default:
            var error = Self.error(from: result, query: sql)
            if PQstatus(handle) != CONNECTION_OK || error.isConnectionError {
                isBroken = true
                error.code = .connection
            }
            throw error
        }
    }

    private static func error(from result: OpaquePointer, query: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let message = field("M") ?? String(cString: PQresultErrorMessage(result))
        // 57014 is also what `statement_timeout` raises; only a cancelled task makes it ours.
        let cancelled = field("C") == "57014" && Task.isCancelled
        return PostgresError(
            code: cancelled ? .cancelled : .query,
            sqlState: field("C"),  // PG_DIAG_SQLSTATE
            serverMessage: message.trimmingTrailingNewlines,
            detail: field("D"),  // PG_DIAG_MESSAGE_DETAIL
            hint: field("H"),  // PG_DIAG_MESSAGE_HINT
            constraintName: field("n"),  // PG_DIAG_CONSTRAINT_NAME
            tableName: field("t"),  // PG_DIAG_TABLE_NAME
            query: query)
    }

    static func errorMessage(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines
    }
}

/// libpq allows one thread at a time on a `PGconn`; this makes the compiler refuse to send the
/// connection to another isolation domain, instead of merely not promising that it may be.
@available(*, unavailable)
extension PostgresConnection: Sendable {}

/// Calls `body` with NUL-terminated C copies of `strings` (NULL for `nil`), freed when it returns.
func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { string in
        string.map { string in
            let utf8 = string.utf8CString
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
            utf8.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: $0.count) }
            return copy
        }
    }
    defer { copies.forEach { $0?.deallocate() } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var copy = self
        while copy.last?.isNewline == true { copy.removeLast() }
        return copy
    }
}

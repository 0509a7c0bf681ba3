import CLibPQ

/// A statement sent with ``PostgresConnection/send(_:verify:)``, waiting to be answered.
struct PendingStatement {
    var sql: String
    var verify: (PostgresRows) throws -> Void
}

extension PostgresConnection {
    /// Sends a statement of the open transaction without waiting for its answer, so the caller
    /// can build the next statement while the server runs this one: on a 2-core machine the
    /// client and the server then each have a core, where otherwise one waits for the other.
    ///
    /// The answer is read before this connection's next statement (or by ``finishPending()``),
    /// and `verify` then runs on its rows. What the statement or `verify` throws is thrown
    /// there, still inside the transaction, which then rolls back as it would have; a
    /// transaction never commits with an answer unread. Refused outside a transaction, where
    /// nothing would be sure to read it.
    ///
    /// Prepared or not as ``query(_:)`` would be: a bulk statement never is (``isBulk(_:)``).
    public func send(_ query: PostgresQuery, verify: @escaping (PostgresRows) throws -> Void) throws {
        try finishPending()
        try beginNow()
        guard transactionStatus == .inTransaction else {
            throw PostgresError(
                code: .invalidUse, serverMessage: "send() outside an open transaction", query: query.sql)
        }
        let handle = try openHandle(checkCancellation: true)
        try Self.refuseNULBytes(in: query)
        let binds = query.binds
        let types = binds.types.map(\.rawValue)
        let name = try preparedName(for: query, types: types, handle: handle)
        guard Self.sendStatement(query, name: name, types: types, handle: handle) else {
            isBroken = isBroken || PQstatus(handle) != CONNECTION_OK
            throw PostgresError(code: .connection, serverMessage: Self.errorMessage(handle), query: query.sql)
        }
        pending = PendingStatement(sql: query.sql, verify: verify)
    }

    /// Hands `query` to libpq without waiting, as the prepared statement `name` or unnamed;
    /// `false` when libpq could not take it.
    static func sendStatement(_ query: PostgresQuery, name: String?, types: [UInt32], handle: OpaquePointer) -> Bool {
        let binds = query.binds
        return withCStrings(binds.values) { values in
            if let name {
                PQsendQueryPrepared(handle, name, Int32(binds.count), values, nil, nil, 0)
            } else {
                PQsendQueryParams(handle, query.sql, Int32(binds.count), types, values, nil, nil, 0)
            }
        } == 1
    }

    /// Reads the answer to the statement ``send(_:verify:)`` sent, if any, and verifies it.
    public func finishPending() throws {
        guard let statement = pending else { return }
        pending = nil
        let handle = try openHandle(checkCancellation: false)
        let rows = try check(Self.readAnswer(handle), handle: handle, sql: statement.sql)
        try statement.verify(rows)
    }

    /// Drops the answer of a sent statement unread, before a rollback.
    func discardPending() {
        guard pending != nil, let handle else { return }
        pending = nil
        PQclear(Self.readAnswer(handle))
    }

    /// The first result of the statement in flight; libpq needs every result read (until NULL)
    /// before the connection takes another statement, so any further ones are read and freed.
    static func readAnswer(_ handle: OpaquePointer) -> OpaquePointer? {
        let first = PQgetResult(handle)
        while let more = PQgetResult(handle) { PQclear(more) }
        return first
    }
}

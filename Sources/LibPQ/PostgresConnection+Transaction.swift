import CLibPQ

extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`; if it throws, sends `ROLLBACK` and rethrows
    /// its error unchanged. The `BEGIN` is sent with the body's first statement, in one round
    /// trip, and a body that runs no statement costs none.
    ///
    /// Throws ``PostgresError/Code/invalidUse`` when a transaction is already open (a nested
    /// `BEGIN` would be ignored and the inner `COMMIT` would commit the outer work). A `COMMIT`
    /// that the server turns into a rollback, because `body` swallowed an error, throws
    /// ``PostgresError/Code/query`` with SQLSTATE `25P02` rather than reporting success.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        guard transactionStatus == .idle else {
            throw PostgresError(
                code: .invalidUse, serverMessage: "transaction() inside an open transaction")
        }
        // Refused here, as a BEGIN sent now would be; the BEGIN itself waits for the first
        // statement (``runOpening(_:types:handle:)``).
        _ = try openHandle(checkCancellation: true)
        beginDeferred = true
        let value: T
        do {
            value = try body(self)
        } catch {
            rollBackIfOpen()
            throw error
        }
        if beginDeferred {
            // No statement ran, so the server never began a transaction: nothing to commit.
            beginDeferred = false
            return value
        }
        let commit: PostgresRows
        do {
            commit = try run("COMMIT", checkCancellation: false)
        } catch {
            rollBackIfOpen()
            throw error
        }
        // The server answers COMMIT of a failed transaction with the tag ROLLBACK, not an error.
        guard commit.commandTag == "COMMIT" else {
            throw PostgresError(
                code: .query, sqlState: "25P02",
                serverMessage: "the transaction had failed and was rolled back at COMMIT")
        }
        return value
    }

    /// Best effort: a connection that broke mid-transaction has nothing to roll back, and
    /// the server rolls back on disconnect anyway.
    private func rollBackIfOpen() {
        beginDeferred = false
        discardPending()
        guard isUsable, transactionStatus == .inTransaction || transactionStatus == .failedTransaction
        else { return }
        _ = try? run("ROLLBACK", checkCancellation: false)
    }
}

extension PostgresConnection {
    /// Sends the deferred `BEGIN` on its own, for what cannot share its round trip: a statement
    /// sent without waiting (``send(_:verify:)``), or ``simpleQuery(_:)``.
    func beginNow() throws {
        guard beginDeferred else { return }
        beginDeferred = false
        try run("BEGIN", checkCancellation: false)
    }

    /// `BEGIN` and the transaction's first statement in one round trip, through libpq's pipeline
    /// mode: a group commit of webhook deliveries took five round trips, `BEGIN`'s one of them,
    /// and each round trip is two context switches on each side. A statement that is to be
    /// prepared but is not yet (once per session) goes after a `BEGIN` of its own, since
    /// preparing it cannot join a pipeline.
    func runOpening(_ query: PostgresQuery, types: [UInt32], handle: OpaquePointer) throws -> PostgresRows {
        let name = existingPreparedName(for: query, types: types)
        guard name != nil || !Self.isPreparable(query.binds) else {
            try beginNow()
            return try run(query, checkCancellation: false)
        }
        beginDeferred = false
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError(code: .connection, serverMessage: Self.errorMessage(handle), query: query.sql)
        }
        let sent =
            Self.sendStatement("BEGIN", name: nil, types: [], handle: handle)
            && Self.sendStatement(query, name: name, types: types, handle: handle) && PQpipelineSync(handle) == 1
        // Every answer is read, whatever failed, so the connection leaves pipeline mode clean:
        // BEGIN's, the statement's (aborted when BEGIN failed), then the sync point's.
        let begin = sent ? Self.readAnswer(handle) : nil
        let answer = sent ? Self.readAnswer(handle) : nil
        if sent, let sync = PQgetResult(handle) { PQclear(sync) }
        guard sent, PQexitPipelineMode(handle) == 1 else {
            PQclear(begin)
            PQclear(answer)
            isBroken = true
            throw PostgresError(code: .connection, serverMessage: Self.errorMessage(handle), query: query.sql)
        }
        do {
            _ = try check(begin, handle: handle, sql: "BEGIN")
        } catch {
            PQclear(answer)
            throw error
        }
        return try check(answer, handle: handle, sql: query.sql)
    }
}

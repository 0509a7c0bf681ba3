extension PostgresConnection {
    /// Runs `body` between `BEGIN` and `COMMIT`; if it throws, sends `ROLLBACK` and rethrows
    /// its error unchanged.
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
        try run("BEGIN", checkCancellation: true)
        let value: T
        do {
            value = try body(self)
        } catch {
            rollBackIfOpen()
            throw error
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
        discardPending()
        guard isUsable, transactionStatus == .inTransaction || transactionStatus == .failedTransaction
        else { return }
        _ = try? run("ROLLBACK", checkCancellation: false)
    }
}

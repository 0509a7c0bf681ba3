import LibPQ

extension StoreError {
    /// Classifies a LibPQ error by its code and SQLSTATE. ``LibPQ/PostgresError`` keeps parameter
    /// values out of everything it prints, so the details hold the SQL text and the server's
    /// message (which may quote a value: that is why only `debugDescription` shows them).
    init(_ error: PostgresError) {
        self.init(Self.code(for: error), details: String(reflecting: error))
    }

    private static func code(for error: PostgresError) -> Code {
        if error.isConnectionError || error.code == .closed { return .connection }
        if error.code == .decoding { return .corrupt }
        guard let sqlState = error.sqlState else { return .query }
        if sqlState == "23505" { return .uniqueViolation }
        if sqlState.hasPrefix("23") { return .constraintViolation }
        return .query
    }

    /// What a caller sees for a LibPQ error: a cancelled task gets `CancellationError`, as GRDB
    /// gives it on the SQLite store, everything else a ``StoreError``.
    static func mapped(_ error: PostgresError) -> any Error {
        error.isCancelled ? CancellationError() : StoreError(error)
    }

    /// Runs `body`, turning a LibPQ error into a ``StoreError``; every other error (the caller's
    /// own, or a ``StoreError`` already) passes through untouched.
    static func mappingPostgres<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw mapped(error)
        }
    }

    /// The async form of ``mappingPostgres(_:)-(()->T)``, for whole store accesses.
    static func mappingPostgres<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError {
            throw mapped(error)
        }
    }
}

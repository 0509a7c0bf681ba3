import GRDB

extension StoreError {
    /// Classifies an SQLite error by its result code. GRDB keeps statement arguments out of
    /// `DatabaseError.description` unless `publicStatementArguments` is set (we never set it), so
    /// the details hold the SQL text and SQLite's message, not customer data.
    init(_ error: DatabaseError) {
        self.init(Self.code(for: error), details: String(describing: error))
    }

    private static func code(for error: DatabaseError) -> Code {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY: .uniqueViolation
            default: .constraintViolation
            }
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: .corrupt
        // MISUSE is what GRDB throws once the pool is closed ("Connection is closed").
        case .SQLITE_CANTOPEN, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_MISUSE, .SQLITE_IOERR,
            .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            .connection
        default: .query
        }
    }

    /// Runs `body`, turning a GRDB error into a ``StoreError``; every other error (the caller's
    /// own, or a ``StoreError`` already) passes through untouched.
    static func mappingSQLite<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }

    /// The async form of ``mappingSQLite(_:)-(()->T)``, for whole store accesses.
    static func mappingSQLite<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }
}

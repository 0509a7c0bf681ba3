import RestockCore

/// The one error type of `RestockStore`, thrown by both the SQLite and the PostgreSQL store.
///
/// `description` is generic on purpose: it goes into logs at any level, and a failed statement
/// can carry an email address or a token. What the database said (SQL text, server message,
/// constraint name) is only in `debugDescription`, for `.debug` logs (after
/// postgres-nio's `PSQLError`).
public struct StoreError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, in terms a caller can act on whatever the dialect.
    ///
    /// A struct with static members rather than an enum, so adding a code later does not break a
    /// caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case uniqueViolation, constraintViolation, notFound, migration, connection, corrupt, query
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A row with the same unique key exists (SQLite `SQLITE_CONSTRAINT_UNIQUE` or
        /// `_PRIMARYKEY`, PostgreSQL `23505`). Callers that check first never see it; a race does.
        public static let uniqueViolation = Code(.uniqueViolation)
        /// Any other constraint: foreign key, not null, check.
        public static let constraintViolation = Code(.constraintViolation)
        /// The row a save addressed does not exist.
        public static let notFound = Code(.notFound)
        /// A schema migration failed (and was rolled back), or the database is newer than this
        /// program.
        public static let migration = Code(.migration)
        /// The database cannot be opened or reached, stays locked by another process, or the
        /// store was closed.
        public static let connection = Code(.connection)
        /// The file is damaged or not a database, or a stored value cannot be read back.
        public static let corrupt = Code(.corrupt)
        /// Any other failed statement.
        public static let query = Code(.query)

        public var description: String { base.rawValue }

        /// A sentence an operator can read, with no data in it.
        var summary: String {
            switch base {
            case .uniqueViolation: "a row with the same unique key already exists"
            case .constraintViolation: "a row violates a constraint"
            case .notFound: "the row to update does not exist"
            case .migration: "a schema migration failed"
            case .connection: "the database cannot be reached, is locked, or the store is closed"
            case .corrupt: "the database is damaged or holds a value this version cannot read"
            case .query: "a database statement failed"
            }
        }
    }

    public var code: Code
    /// Dialect-specific detail; may contain customer data, so only `debugDescription` shows it.
    var details: String

    public init(_ code: Code, details: String = "") {
        self.code = code
        self.details = details
    }

    public var description: String { "StoreError.\(code): \(code.summary)" }

    public var debugDescription: String {
        details.isEmpty ? description : "\(description) (\(details))"
    }
}

extension StoreError: StoreAvailabilityError {
    /// A ``Code/connection`` error: the database is unreachable, locked, or closed.
    public var isStoreUnavailable: Bool { code == .connection }
}

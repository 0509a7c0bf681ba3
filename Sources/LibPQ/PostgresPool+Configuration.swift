extension PostgresPool {
    /// How a ``PostgresPool`` connects and how many connections it may hold.
    public struct Configuration: Sendable {
        /// Passed to `PQconnectdb` untouched: a `postgres://` URI or `key=value` pairs, several
        /// hosts and `target_session_attrs` included. May hold a password: never log it.
        public var connectionString: String
        /// The most connections open at once; callers beyond that wait their turn, first come
        /// first served. At least 1.
        public var maximumConnections: Int

        public init(connectionString: String, maximumConnections: Int = 10) {
            precondition(maximumConnections >= 1, "maximumConnections must be at least 1")
            self.connectionString = connectionString
            self.maximumConnections = maximumConnections
        }
    }
}

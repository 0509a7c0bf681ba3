import RestockCore

/// `platform_lookups`: thin webhook references waiting to be read back from the platform.
extension SQLTransaction {
    func enqueueLookups(source: String, _ lookups: [PlatformLookup], at: Timestamp) throws {
        guard !lookups.isEmpty else { return }
        try sql.execute(
            """
            INSERT INTO platform_lookups (source, kind, product_id, variant_id, order_id, occurred_at,
                                          due_at, created_at)
            SELECT \(source), kind, product_id, variant_id, order_id, occurred_at, \(at.microseconds),
                   \(at.microseconds)
            FROM \(rows: SQLColumn("kind", lookups.map(\.kind.rawValue)), SQLColumn("product_id", lookups.map(\.productID)),
                   SQLColumn("variant_id", lookups.map(\.variantID)), SQLColumn("order_id", lookups.map(\.orderID)),
                   SQLColumn("occurred_at", lookups.map(\.occurredAt.microseconds)), as: "l")
            """)
    }

    /// `SKIP LOCKED` on PostgreSQL, so two daemons on one database never ask the platform twice
    /// at once; SQLite's single writer already serializes them.
    func dueLookups(at: Timestamp, limit: Int) throws -> [QueuedLookup] {
        try sql.all(
            """
            SELECT id, source, kind, product_id, variant_id, order_id, occurred_at, attempts
            FROM platform_lookups WHERE due_at <= \(at.microseconds) ORDER BY due_at, id
            LIMIT \(limit) \(sqlite: "", postgresql: "FOR UPDATE SKIP LOCKED")
            """
        ) { row -> QueuedLookup? in
            guard let kind = PlatformLookup.Kind(rawValue: try row.string(2)) else { return nil }
            return QueuedLookup(
                id: try row.int64(0), source: try row.string(1),
                lookup: PlatformLookup(
                    kind: kind, productID: try row.optionalString(3), variantID: try row.optionalString(4),
                    orderID: try row.optionalString(5), occurredAt: try row.timestamp(6)),
                attempts: try row.int(7))
        }.compactMap { $0 }
    }

    func finishLookup(id: Int64) throws {
        try sql.execute("DELETE FROM platform_lookups WHERE id = \(id)")
    }

    func retryLookup(id: Int64, due: Timestamp, error: String) throws {
        try sql.execute(
            """
            UPDATE platform_lookups SET attempts = attempts + 1, due_at = \(due.microseconds),
                   last_error = \(error)
            WHERE id = \(id)
            """)
    }

    func pendingLookups() throws -> Int {
        try sql.first("SELECT COUNT(*) FROM platform_lookups") { try $0.int(0) } ?? 0
    }
}

import LibPQ
import RestockCore

/// `platform_lookups`: thin webhook references waiting to be read back from the platform.
extension PostgresTransaction {
    func enqueueLookups(source: String, _ lookups: [PlatformLookup], at: Timestamp) throws {
        guard !lookups.isEmpty else { return }
        try StoreError.mappingPostgres {
            _ = try connection.execute(
                """
                INSERT INTO platform_lookups (source, kind, product_id, variant_id, order_id, occurred_at,
                                              due_at, created_at)
                SELECT \(source), kind, product_id, variant_id, order_id, occurred_at, \(at.microseconds),
                       \(at.microseconds)
                FROM unnest(\(lookups.map(\.kind.rawValue))::text[], \(lookups.map(\.productID))::text[],
                            \(lookups.map(\.variantID))::text[], \(lookups.map(\.orderID))::text[],
                            \(lookups.map(\.occurredAt.microseconds))::bigint[])
                     AS l(kind, product_id, variant_id, order_id, occurred_at)
                """)
        }
    }

    /// `SKIP LOCKED`, so two daemons on one database never ask the platform twice at once.
    func dueLookups(at: Timestamp, limit: Int) throws -> [QueuedLookup] {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT id, source, kind, product_id, variant_id, order_id, occurred_at, attempts
                FROM platform_lookups WHERE due_at <= \(at.microseconds) ORDER BY due_at, id
                LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED
                """
            ).compactMap { row in
                guard let kind = PlatformLookup.Kind(rawValue: try row.decode("kind")) else { return nil }
                return QueuedLookup(
                    id: try row.decode("id"), source: try row.decode("source"),
                    lookup: PlatformLookup(
                        kind: kind, productID: try row.decode("product_id"), variantID: try row.decode("variant_id"),
                        orderID: try row.decode("order_id"), occurredAt: try row.timestamp("occurred_at")),
                    attempts: Int(try row.decode("attempts", as: Int32.self)))
            }
        }
    }

    func finishLookup(id: Int64) throws {
        try StoreError.mappingPostgres {
            _ = try connection.execute("DELETE FROM platform_lookups WHERE id = \(id)")
        }
    }

    func retryLookup(id: Int64, due: Timestamp, error: String) throws {
        try StoreError.mappingPostgres {
            _ = try connection.execute(
                """
                UPDATE platform_lookups SET attempts = attempts + 1, due_at = \(due.microseconds),
                       last_error = \(error)
                WHERE id = \(id)
                """)
        }
    }

    func pendingLookups() throws -> Int {
        try StoreError.mappingPostgres {
            let rows = try connection.query("SELECT COUNT(*)::bigint AS n FROM platform_lookups")
            return Int(try rows.first!.decode("n", as: Int64.self))
        }
    }
}

import GRDB
import RestockCore

/// `platform_lookups`: thin webhook references waiting to be read back from the platform.
extension SQLiteTransaction {
    func enqueueLookups(source: String, _ lookups: [PlatformLookup], at: Timestamp) throws {
        try StoreError.mappingSQLite {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO platform_lookups (source, kind, product_id, variant_id, order_id,
                                                  occurred_at, due_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for lookup in lookups {
                try statement.execute(arguments: [
                    source, lookup.kind.rawValue, lookup.productID, lookup.variantID, lookup.orderID,
                    lookup.occurredAt.microseconds, at.microseconds, at.microseconds,
                ])
            }
        }
    }

    func dueLookups(at: Timestamp, limit: Int) throws -> [QueuedLookup] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, source, kind, product_id, variant_id, order_id, occurred_at, attempts
                        FROM platform_lookups WHERE due_at <= ? ORDER BY due_at, id LIMIT ?
                        """),
                arguments: [at.microseconds, limit]
            ).compactMap { row in
                guard let kind = PlatformLookup.Kind(rawValue: row["kind"]) else { return nil }
                return QueuedLookup(
                    id: row["id"], source: row["source"],
                    lookup: PlatformLookup(
                        kind: kind, productID: row["product_id"], variantID: row["variant_id"],
                        orderID: row["order_id"], occurredAt: row.timestamp("occurred_at")),
                    attempts: row["attempts"])
            }
        }
    }

    func finishLookup(id: Int64) throws {
        try StoreError.mappingSQLite {
            try db.cachedStatement(sql: "DELETE FROM platform_lookups WHERE id = ?").execute(arguments: [id])
        }
    }

    func retryLookup(id: Int64, due: Timestamp, error: String) throws {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    UPDATE platform_lookups SET attempts = attempts + 1, due_at = ?, last_error = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [due.microseconds, error, id])
        }
    }

    func pendingLookups() throws -> Int {
        try StoreError.mappingSQLite {
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM platform_lookups") ?? 0
        }
    }
}

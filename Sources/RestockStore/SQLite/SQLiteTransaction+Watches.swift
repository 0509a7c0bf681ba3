import GRDB
import RestockCore

/// `watches`: who waits for which variant, in queue order, with the consent they gave.
extension SQLiteTransaction {
    private static let watchColumns = """
        id, customer_id, variant_id, location_id, quantity, locale, state, queue_position,
        cycle_id, created_at, updated_at, notified_at, expires_at
        """

    private static func watch(_ row: Row) throws -> Watch {
        Watch(
            id: row["id"], customerID: row["customer_id"], variantID: row["variant_id"],
            locationID: row["location_id"], quantity: row["quantity"], locale: row["locale"],
            state: try row.rawEnum("state"), queuePosition: row["queue_position"],
            cycleID: row["cycle_id"], createdAt: row.timestamp("created_at"),
            updatedAt: row.timestamp("updated_at"), notifiedAt: row.optionalTimestamp("notified_at"),
            expiresAt: row.optionalTimestamp("expires_at"))
    }

    func liveWatch(customerID: Int64, variantID: String) throws -> Watch? {
        try StoreError.mappingSQLite {
            // Served by the partial unique index, whose WHERE matches this one.
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.watchColumns) FROM watches
                        WHERE customer_id = ? AND variant_id = ?
                          AND state IN (\(Self.liveStatePlaceholders))
                        """),
                arguments: [customerID, variantID] + Self.liveStateArguments
            ).map(Self.watch)
        }
    }

    /// A second live watch on the same (customer, variant) violates the partial unique index and
    /// throws ``StoreError/Code/uniqueViolation``.
    func insertWatch(_ new: NewWatch) throws -> Watch {
        try StoreError.mappingSQLite {
            // The id is only known after the insert, so the queue position follows in a second
            // statement of the same transaction.
            try db.cachedStatement(
                sql: """
                    INSERT INTO watches (customer_id, variant_id, location_id, quantity, locale, state,
                                         queue_position, created_at, updated_at, expires_at,
                                         consent_source, consent_text, consent_ip, consent_at)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                new.customerID, new.variantID, new.locationID, new.quantity, new.locale,
                new.state.rawValue, new.createdAt.microseconds, new.createdAt.microseconds,
                new.expiresAt?.microseconds, new.consent.source, new.consent.text, new.consent.ip,
                new.consent.at.microseconds,
            ])
            let id = db.lastInsertedRowID
            try db.cachedStatement(sql: "UPDATE watches SET queue_position = id WHERE id = ?")
                .execute(arguments: [id])
            return Watch(
                id: id, customerID: new.customerID, variantID: new.variantID,
                locationID: new.locationID, quantity: new.quantity, locale: new.locale,
                state: new.state, queuePosition: id, createdAt: new.createdAt,
                updatedAt: new.createdAt, expiresAt: new.expiresAt)
        }
    }

    func watch(id: Int64) throws -> Watch? {
        try StoreError.mappingSQLite {
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.watchColumns) FROM watches WHERE id = ?"),
                arguments: [id]
            ).map(Self.watch)
        }
    }

    func watches(variantID: String, state: WatchState, afterPosition: Int64?, limit: Int) throws
        -> [Watch]
    {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.watchColumns) FROM watches
                        WHERE variant_id = ? AND state = ? AND queue_position > ?
                        ORDER BY queue_position LIMIT ?
                        """),
                arguments: [variantID, state.rawValue, afterPosition ?? Int64.min, limit]
            ).map(Self.watch)
        }
    }

    /// One prepared UPDATE rebound per watch: inside one transaction SQLite does this at a few
    /// microseconds a row, so a 100,000-watch wave needs no multi-row statement.
    func saveWatches(_ watches: [Watch]) throws {
        try StoreError.mappingSQLite {
            let update = try db.cachedStatement(
                sql: """
                    UPDATE watches
                    SET state = ?, cycle_id = ?, notified_at = ?, updated_at = ?, expires_at = ?
                    WHERE id = ?
                    """)
            for watch in watches {
                try update.execute(arguments: [
                    watch.state.rawValue, watch.cycleID, watch.notifiedAt?.microseconds,
                    watch.updatedAt.microseconds, watch.expiresAt?.microseconds, watch.id,
                ])
                guard db.changesCount == 1 else {
                    throw StoreError(.notFound, details: "watch \(watch.id)")
                }
            }
        }
    }

    func liveWatches(afterID: Int64, limit: Int) throws -> [Watch] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.watchColumns) FROM watches
                        WHERE id > ? AND state IN (\(Self.liveStatePlaceholders))
                        ORDER BY id LIMIT ?
                        """),
                arguments: [afterID] + Self.liveStateArguments + [limit]
            ).map(Self.watch)
        }
    }
}

import GRDB
import RestockCore

/// `watches`: who waits for which variant, in queue order, with the consent they gave.
extension SQLiteTransaction {
    /// Read back by position in ``watch(_:)``, which is why the list is fixed here: a by-name
    /// lookup per column was a third of the time of reading a 100,000-watch wave.
    private static let watchColumns = """
        id, customer_id, variant_id, location_id, quantity, locale, state, queue_position,
        cycle_id, created_at, updated_at, notified_at, expires_at
        """

    /// A row of ``watchColumns``.
    private static func watch(_ row: Row) throws -> Watch {
        let rawState: String = row[6]
        guard let state = WatchState(rawValue: rawState) else {
            throw StoreError(.corrupt, details: "unknown WatchState '\(rawState)' in column state")
        }
        return Watch(
            id: row[0], customerID: row[1], variantID: row[2], locationID: row[3], quantity: row[4],
            locale: row[5], state: state, queuePosition: row[7], cycleID: row[8],
            createdAt: Timestamp(microseconds: row[9]), updatedAt: Timestamp(microseconds: row[10]),
            notifiedAt: (row[11] as Int64?).map(Timestamp.init(microseconds:)),
            expiresAt: (row[12] as Int64?).map(Timestamp.init(microseconds:)))
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
            return Watch(inserted: new, id: id)
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

    /// A loop of ``watch(id:)``: in process, a statement costs no round trip.
    func watches(ids: [Int64]) throws -> [Int64: Watch] {
        var found: [Int64: Watch] = [:]
        for id in Set(ids) { found[id] = try watch(id: id) }
        return found
    }

    func watches(variantID: String, state: WatchState, afterPosition: Int64?, limit: Int) throws
        -> [Watch]
    {
        try StoreError.mappingSQLite {
            // A cursor reads each row in place; `fetchAll` would copy every row first.
            try Array(
                Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT \(Self.watchColumns) FROM watches
                            WHERE variant_id = ? AND state = ? AND queue_position > ?
                            ORDER BY queue_position LIMIT ?
                            """),
                    arguments: [variantID, state.rawValue, afterPosition ?? Int64.min, limit]
                ).map(Self.watch))
        }
    }

    /// One UPDATE per group of watches that get the same values (a wave is one group), over the
    /// group's ids sent as one JSON array: a per-watch loop spent most of its time stepping
    /// 100,000 statements. `json_each` is built into SQLite, and `id IN (SELECT …)` drives
    /// rowid look-ups from the list rather than scanning the table.
    ///
    /// A watch given twice is saved as its last copy; an id that matches no row fails the whole
    /// call with ``StoreError/Code/notFound``.
    func saveWatches(_ watches: [Watch]) throws {
        try StoreError.mappingSQLite {
            for (update, ids) in WatchUpdate.groups(watches) {
                let arguments: StatementArguments = [
                    update.state.rawValue, update.cycleID, update.notifiedAt?.microseconds,
                    update.updatedAt.microseconds, update.expiresAt?.microseconds,
                ]
                if ids.count == 1 {
                    try db.cachedStatement(
                        sql: """
                            UPDATE watches
                            SET state = ?, cycle_id = ?, notified_at = ?, updated_at = ?, expires_at = ?
                            WHERE id = ?
                            """
                    ).execute(arguments: arguments + [ids[0]])
                } else {
                    try db.cachedStatement(
                        sql: """
                            UPDATE watches
                            SET state = ?, cycle_id = ?, notified_at = ?, updated_at = ?, expires_at = ?
                            WHERE id IN (SELECT value FROM json_each(?))
                            """
                    ).execute(arguments: arguments + [Self.jsonArray(ids)])
                }
                guard db.changesCount == ids.count else {
                    throw StoreError(.notFound, details: "\(ids.count - db.changesCount) of \(ids.count) watches")
                }
            }
        }
    }

    func liveWatches(afterID: Int64, limit: Int) throws -> [Watch] {
        try StoreError.mappingSQLite {
            try Array(
                Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT \(Self.watchColumns) FROM watches
                            WHERE id > ? AND state IN (\(Self.liveStatePlaceholders))
                            ORDER BY id LIMIT ?
                            """),
                    arguments: [afterID] + Self.liveStateArguments + [limit]
                ).map(Self.watch))
        }
    }

    /// Served by the partial unique index on (customer_id, variant_id) of live watches.
    func liveWatches(customerID: Int64) throws -> [Watch] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.watchColumns) FROM watches
                        WHERE customer_id = ? AND state IN (\(Self.liveStatePlaceholders))
                        ORDER BY id
                        """),
                arguments: [customerID] + Self.liveStateArguments
            ).map(Self.watch)
        }
    }
}

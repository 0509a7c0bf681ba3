import LibPQ
import RestockCore

/// `watches`: who waits for which variant, in queue order, with the consent they gave.
extension PostgresTransaction {
    private static let watchColumns = """
        id, customer_id, variant_id, location_id, quantity, locale, state, queue_position,
        cycle_id, created_at, updated_at, notified_at, expires_at
        """

    private static func watch(_ row: PostgresRow) throws -> Watch {
        Watch(
            id: try row.decode("id"), customerID: try row.decode("customer_id"),
            variantID: try row.decode("variant_id"), locationID: try row.decode("location_id"),
            quantity: try row.decode("quantity"), locale: try row.decode("locale"),
            state: try row.rawEnum("state"), queuePosition: try row.decode("queue_position"),
            cycleID: try row.decode("cycle_id"), createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"), notifiedAt: try row.optionalTimestamp("notified_at"),
            expiresAt: try row.optionalTimestamp("expires_at"))
    }

    func liveWatch(customerID: Int64, variantID: String) throws -> Watch? {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.watchColumns) FROM watches
                WHERE customer_id = \(customerID) AND variant_id = \(variantID)
                  AND state = ANY(\(Self.liveStates)::text[])
                """
            ).first.map(Self.watch)
        }
    }

    /// A second live watch on the same (customer, variant) violates the partial unique index and
    /// throws ``StoreError/Code/uniqueViolation``.
    func insertWatch(_ new: NewWatch) throws -> Watch {
        try StoreError.mappingPostgres {
            // The identity is only known after the insert, so the queue position follows in a
            // second statement of the same transaction (a column default cannot read `id`).
            let id = try connection.query(
                """
                INSERT INTO watches (customer_id, variant_id, location_id, quantity, locale, state,
                                     queue_position, created_at, updated_at, expires_at,
                                     consent_source, consent_text, consent_ip, consent_at)
                VALUES (\(new.customerID), \(new.variantID), \(new.locationID), \(new.quantity), \(new.locale),
                        \(new.state.rawValue), 0, \(new.createdAt.microseconds), \(new.createdAt.microseconds),
                        \(new.expiresAt?.microseconds), \(new.consent.source), \(new.consent.text),
                        \(new.consent.ip), \(new.consent.at.microseconds))
                RETURNING id
                """)[0].decode("id", as: Int64.self)
            try connection.execute("UPDATE watches SET queue_position = id WHERE id = \(id)")
            return Watch(
                id: id, customerID: new.customerID, variantID: new.variantID,
                locationID: new.locationID, quantity: new.quantity, locale: new.locale,
                state: new.state, queuePosition: id, createdAt: new.createdAt,
                updatedAt: new.createdAt, expiresAt: new.expiresAt)
        }
    }

    func watch(id: Int64) throws -> Watch? {
        try StoreError.mappingPostgres {
            try connection.query("SELECT \(unsafeRaw: Self.watchColumns) FROM watches WHERE id = \(id)")
                .first.map(Self.watch)
        }
    }

    func watches(variantID: String, state: WatchState, afterPosition: Int64?, limit: Int) throws
        -> [Watch]
    {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.watchColumns) FROM watches
                WHERE variant_id = \(variantID) AND state = \(state.rawValue)
                  AND queue_position > \(afterPosition ?? Int64.min)
                ORDER BY queue_position LIMIT \(limit)
                """
            ).map(Self.watch)
        }
    }

    /// One UPDATE joined to the unnested arrays of the new values: a 100,000-watch wave is one
    /// round trip and one statement, where a prepared loop would pay a round trip per watch.
    ///
    /// A watch given twice is saved as its last copy, as a loop of single updates would leave
    /// it; an id that matches no row fails the whole call with ``StoreError/Code/notFound``.
    func saveWatches(_ watches: [Watch]) throws {
        try StoreError.mappingPostgres {
            let unique = Self.lastCopyOfEach(watches)
            for chunk in unique.chunks(of: Self.bulkChunkSize) {
                let changed = try connection.execute(
                    """
                    UPDATE watches AS w
                    SET state = u.state, cycle_id = u.cycle_id, notified_at = u.notified_at,
                        updated_at = u.updated_at, expires_at = u.expires_at
                    FROM unnest(\(chunk.map(\.id))::bigint[], \(chunk.map(\.state.rawValue))::text[],
                                \(chunk.map(\.cycleID))::bigint[], \(chunk.map(\.notifiedAt?.microseconds))::bigint[],
                                \(chunk.map(\.updatedAt.microseconds))::bigint[],
                                \(chunk.map(\.expiresAt?.microseconds))::bigint[])
                        AS u(id, state, cycle_id, notified_at, updated_at, expires_at)
                    WHERE w.id = u.id
                    """)
                guard changed == chunk.count else {
                    throw StoreError(.notFound, details: "\(chunk.count - changed) of \(chunk.count) watches")
                }
            }
        }
    }

    /// `watches` without repeated ids, each id at its first position with its last value.
    private static func lastCopyOfEach(_ watches: [Watch]) -> [Watch] {
        var position: [Int64: Int] = [:]
        position.reserveCapacity(watches.count)
        var unique: [Watch] = []
        unique.reserveCapacity(watches.count)
        for watch in watches {
            if let index = position[watch.id] {
                unique[index] = watch
            } else {
                position[watch.id] = unique.count
                unique.append(watch)
            }
        }
        return unique
    }

    func liveWatches(afterID: Int64, limit: Int) throws -> [Watch] {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.watchColumns) FROM watches
                WHERE id > \(afterID) AND state = ANY(\(Self.liveStates)::text[])
                ORDER BY id LIMIT \(limit)
                """
            ).map(Self.watch)
        }
    }
}

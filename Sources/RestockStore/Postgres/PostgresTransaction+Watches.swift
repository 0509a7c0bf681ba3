import LibPQ
import RestockCore

/// `watches`: who waits for which variant, in queue order, with the consent they gave.
extension PostgresTransaction {
    /// Read back by position in ``watch(_:)``, which is why the list is fixed here: a wave
    /// decodes 100,000 rows, and a by-name lookup hashes the column name for every value.
    private static let watchColumns = """
        id, customer_id, variant_id, location_id, quantity, locale, state, queue_position,
        cycle_id, created_at, updated_at, notified_at, expires_at
        """

    /// A row of ``watchColumns``.
    private static func watch(_ row: PostgresRow) throws -> Watch {
        let rawState = try row.decode(6, as: String.self)
        guard let state = WatchState(rawValue: rawState) else {
            throw StoreError(.corrupt, details: "unknown WatchState '\(rawState)' in column state")
        }
        return Watch(
            id: try row.decode(0), customerID: try row.decode(1), variantID: try row.decode(2),
            locationID: try row.decode(3), quantity: try row.decode(4), locale: try row.decode(5),
            state: state, queuePosition: try row.decode(7), cycleID: try row.decode(8),
            createdAt: Timestamp(microseconds: try row.decode(9)),
            updatedAt: Timestamp(microseconds: try row.decode(10)),
            notifiedAt: try row.decode(11, as: Int64?.self).map(Timestamp.init(microseconds:)),
            expiresAt: try row.decode(12, as: Int64?.self).map(Timestamp.init(microseconds:)))
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
            return Watch(inserted: new, id: id)
        }
    }

    func watch(id: Int64) throws -> Watch? {
        try StoreError.mappingPostgres {
            try connection.query("SELECT \(unsafeRaw: Self.watchColumns) FROM watches WHERE id = \(id)")
                .first.map(Self.watch)
        }
    }

    func watches(ids: [Int64]) throws -> [Int64: Watch] {
        guard !ids.isEmpty else { return [:] }
        return try StoreError.mappingPostgres {
            var found: [Int64: Watch] = [:]
            for row in try connection.query(
                "SELECT \(unsafeRaw: Self.watchColumns) FROM watches WHERE id = ANY(\(Array(Set(ids)))::bigint[])")
            {
                let watch = try Self.watch(row)
                found[watch.id] = watch
            }
            return found
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

    /// One UPDATE per group of watches that get the same values (a wave is one group), over the
    /// group's ids as one array, in pieces of ``bulkChunkSize``: joining six unnested arrays of
    /// per-watch values cost the server twice as much as matching one id list, and the client
    /// built and sent five arrays of copies of the same value.
    ///
    /// A watch given twice is saved as its last copy, as a loop of single updates would leave
    /// it; an id that matches no row fails the whole call with ``StoreError/Code/notFound``.
    func saveWatches(_ watches: [Watch]) throws {
        try StoreError.mappingPostgres {
            for (update, ids) in WatchUpdate.groups(watches) {
                for chunk in ids.chunks(of: Self.bulkChunkSize) {
                    let changed = try connection.execute(
                        """
                        UPDATE watches
                        SET state = \(update.state.rawValue)::text, cycle_id = \(update.cycleID)::bigint,
                            notified_at = \(update.notifiedAt?.microseconds)::bigint,
                            updated_at = \(update.updatedAt.microseconds)::bigint,
                            expires_at = \(update.expiresAt?.microseconds)::bigint
                        WHERE id = ANY(\(Array(chunk))::bigint[])
                        """)
                    guard changed == chunk.count else {
                        throw StoreError(.notFound, details: "\(chunk.count - changed) of \(chunk.count) watches")
                    }
                }
            }
        }
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

    /// Served by the partial unique index on (customer_id, variant_id) of live watches.
    func liveWatches(customerID: Int64) throws -> [Watch] {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.watchColumns) FROM watches
                WHERE customer_id = \(customerID) AND state = ANY(\(Self.liveStates)::text[])
                ORDER BY id
                """
            ).map(Self.watch)
        }
    }
}

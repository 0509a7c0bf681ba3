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

    /// ``watchColumns`` without the two a wave already knows, its variant and `watching`: a
    /// 100,000-watcher wave then makes no copy of the variant id and no state per row.
    private static let waitingColumns = """
        id, customer_id, location_id, quantity, locale, queue_position, cycle_id, created_at,
        updated_at, notified_at, expires_at
        """

    /// A row of ``waitingColumns``, a `watching` watch of `variantID`.
    private static func waitingWatch(_ row: PostgresRow, variantID: String) throws -> Watch {
        Watch(
            id: try row.decode(0), customerID: try row.decode(1), variantID: variantID,
            locationID: try row.decode(2), quantity: try row.decode(3), locale: try row.decode(4),
            state: .watching, queuePosition: try row.decode(5), cycleID: try row.decode(6),
            createdAt: Timestamp(microseconds: try row.decode(7)),
            updatedAt: Timestamp(microseconds: try row.decode(8)),
            notifiedAt: try row.decode(9, as: Int64?.self).map(Timestamp.init(microseconds:)),
            expiresAt: try row.decode(10, as: Int64?.self).map(Timestamp.init(microseconds:)))
    }

    func liveWatch(customerID: Int64, variantID: String) throws -> Watch? {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.watchColumns) FROM watches
                WHERE customer_id = \(customerID) AND variant_id = \(variantID) AND NOT ended
                """
            ).first.map(Self.watch)
        }
    }

    /// A second live watch on the same (customer, variant) violates the partial unique index and
    /// throws ``StoreError/Code/uniqueViolation``.
    ///
    /// One statement: the id is drawn from the identity's sequence first, so the queue position
    /// can be the same number in the same row (a column default cannot read `id`), and a
    /// `watching` watch joins `waiting` at once.
    func insertWatch(_ new: NewWatch) throws -> Watch {
        try StoreError.mappingPostgres {
            let id = try connection.query(
                """
                WITH s AS (SELECT nextval(pg_get_serial_sequence('watches', 'id')) AS id),
                w AS (
                    INSERT INTO watches (id, customer_id, variant_id, location_id, quantity, locale, state, ended,
                                         queue_position, created_at, updated_at, expires_at,
                                         consent_source, consent_text, consent_ip, consent_at)
                    OVERRIDING SYSTEM VALUE
                    SELECT s.id, \(new.customerID), \(new.variantID), \(new.locationID), \(new.quantity),
                           \(new.locale), \(new.state.rawValue), \(!new.state.isLive), s.id,
                           \(new.createdAt.microseconds), \(new.createdAt.microseconds), \(new.expiresAt?.microseconds),
                           \(new.consent.source), \(new.consent.text), \(new.consent.ip), \(new.consent.at.microseconds)
                    FROM s
                    RETURNING id, variant_id, queue_position, state),
                x AS (INSERT INTO waiting (variant_id, queue_position, watch_id)
                      SELECT variant_id, queue_position, id FROM w WHERE state = \(WatchState.watching.rawValue))
                SELECT id FROM w
                """)[0].decode("id", as: Int64.self)
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

    /// `watching` comes from `waiting`, in queue order (and a row of `watches` there is
    /// `watching` by the store's own rule: the statements that change a state keep `waiting` in
    /// step); other live states from the variant's live watches (index
    /// `watches_live_variant_position`), filtered by state.
    func watches(variantID: String, state: WatchState, afterPosition: Int64?, limit: Int) throws
        -> [Watch]
    {
        try StoreError.mappingPostgres {
            let after = afterPosition ?? Int64.min
            if state == .watching {
                return try connection.query(
                    """
                    SELECT \(unsafeRaw: Self.waitingColumns) FROM watches
                    JOIN (SELECT watch_id, queue_position AS position FROM waiting
                          WHERE variant_id = \(variantID) AND queue_position > \(after)
                          ORDER BY queue_position LIMIT \(limit)) x ON id = x.watch_id
                    ORDER BY x.position
                    """
                ).map { try Self.waitingWatch($0, variantID: variantID) }
            }
            // `NOT ended` is written out, not bound: a prepared statement's generic plan can use
            // the partial index only when its predicate is in the SQL text.
            return try connection.query(
                """
                SELECT \(unsafeRaw: Self.watchColumns) FROM watches
                WHERE variant_id = \(variantID) AND \(unsafeRaw: state.isLive ? "NOT ended" : "ended")
                  AND state = \(state.rawValue) AND queue_position > \(after)
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
    ///
    /// `waiting` follows in the same statement: a watch saved as `watching` joins it, any other
    /// leaves it (a no-op for one that was not there).
    ///
    /// The UPDATEs are sent without waiting (`send`), so a big restock builds its outbox rows
    /// while the server moves its watchers; a missing watch throws at the transaction's next
    /// statement instead, and the transaction rolls back all the same. A big save first allows
    /// its joins the memory to stay off disk (``allowBulkMemory()``).
    func saveWatches(_ watches: [Watch]) throws {
        try StoreError.mappingPostgres {
            if watches.count >= Self.bulkThreshold { try allowBulkMemory() }
            for (update, ids) in WatchUpdate.groups(watches) {
                let keep = update.state == .watching ? Self.joinWaiting : Self.leaveWaiting
                for chunk in ids.chunks(of: Self.bulkChunkSize) {
                    let expected = chunk.count
                    try connection.send(
                        """
                        WITH u AS (
                            UPDATE watches
                            SET state = \(update.state.rawValue)::text, ended = \(!update.state.isLive),
                                cycle_id = \(update.cycleID)::bigint,
                                notified_at = \(update.notifiedAt?.microseconds)::bigint,
                                updated_at = \(update.updatedAt.microseconds)::bigint,
                                expires_at = \(update.expiresAt?.microseconds)::bigint
                            WHERE id = ANY(\(Array(chunk))::bigint[])
                            RETURNING id, variant_id, queue_position),
                        k AS (\(unsafeRaw: keep))
                        SELECT count(*) AS n FROM u
                        """
                    ) { rows in
                        let changed = try rows[0].decode("n", as: Int.self)
                        guard changed == expected else {
                            throw StoreError(.notFound, details: "\(expected - changed) of \(expected) watches")
                        }
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
                WHERE id > \(afterID) AND NOT ended
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
                WHERE customer_id = \(customerID) AND NOT ended
                ORDER BY id
                """
            ).map(Self.watch)
        }
    }
}

extension PostgresTransaction {
    /// `saveWatches`' second step, on the updated rows `u`: who is `watching` is in `waiting`.
    fileprivate static let joinWaiting = """
        INSERT INTO waiting (variant_id, queue_position, watch_id)
        SELECT variant_id, queue_position, id FROM u ON CONFLICT DO NOTHING
        """
    fileprivate static let leaveWaiting = """
        DELETE FROM waiting w USING u
        WHERE w.variant_id = u.variant_id AND w.queue_position = u.queue_position AND w.watch_id = u.id
        """
}

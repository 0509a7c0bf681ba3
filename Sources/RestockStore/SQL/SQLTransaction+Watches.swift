import LibPQ
import RestockCore

/// `watches`: who waits for which variant, in queue order, with the consent they gave; and
/// `waiting`, the copy of who is `watching` that waves read in queue order.
///
/// Two copies are kept by the statements here and nowhere else: `ended` (not live; the
/// predicate of the live-watch indexes) and `waiting` (state `watching`). Every statement that
/// writes `state` writes both (docs/ARCHITECTURE.md §6).
extension SQLTransaction {
    /// Read back by position in ``watch(_:)``, which is why the list is fixed here: a wave
    /// decodes 100,000 rows, and a by-name lookup hashes the column name for every value.
    private static var watchColumns: String {
        """
        id, customer_id, variant_id, location_id, quantity, locale, state, queue_position,
        cycle_id, created_at, updated_at, notified_at, expires_at
        """
    }

    /// A row of ``watchColumns``.
    private static func watch(_ row: Connection.Row) throws -> Watch {
        Watch(
            id: try row.int64(0), customerID: try row.int64(1), variantID: try row.string(2),
            locationID: try row.optionalString(3), quantity: try row.int(4), locale: try row.optionalString(5),
            state: try row.rawEnum(6), queuePosition: try row.int64(7), cycleID: try row.optionalInt64(8),
            createdAt: try row.timestamp(9), updatedAt: try row.timestamp(10),
            notifiedAt: try row.optionalTimestamp(11), expiresAt: try row.optionalTimestamp(12))
    }

    /// ``watchColumns`` without the two a wave already knows, its variant and `watching`: a
    /// 100,000-watcher wave then makes no copy of the variant id and no state per row.
    private static var waitingColumns: String {
        """
        id, customer_id, location_id, quantity, locale, queue_position, cycle_id, created_at,
        updated_at, notified_at, expires_at
        """
    }

    /// A row of ``waitingColumns``, a `watching` watch of `variantID`.
    private static func waitingWatch(_ row: Connection.Row, variantID: String) throws -> Watch {
        Watch(
            id: try row.int64(0), customerID: try row.int64(1), variantID: variantID,
            locationID: try row.optionalString(2), quantity: try row.int(3), locale: try row.optionalString(4),
            state: .watching, queuePosition: try row.int64(5), cycleID: try row.optionalInt64(6),
            createdAt: try row.timestamp(7), updatedAt: try row.timestamp(8),
            notifiedAt: try row.optionalTimestamp(9), expiresAt: try row.optionalTimestamp(10))
    }

    /// Served by the partial unique index, whose predicate this repeats.
    func liveWatch(customerID: Int64, variantID: String) throws -> Watch? {
        try sql.first(
            """
            SELECT \(raw: Self.watchColumns) FROM watches
            WHERE customer_id = \(customerID) AND variant_id = \(variantID) AND NOT ended
            """, Self.watch)
    }

    /// A second live watch on the same (customer, variant) violates the partial unique index and
    /// throws ``StoreError/Code/uniqueViolation``. The queue position is the watch's id.
    ///
    /// PostgreSQL: one statement, the id drawn from the identity's sequence first so the
    /// position can be the same number in the same row (a column default cannot read `id`),
    /// and a `watching` watch joins `waiting` in a data-modifying CTE. SQLite has neither: the
    /// same three steps as statements of one transaction, which cost no round trip.
    func insertWatch(_ new: NewWatch) throws -> Watch {
        let id: Int64?
        switch sql.dialect {
        case .sqlite:
            id = try sql.first(
                """
                INSERT INTO watches (customer_id, variant_id, location_id, quantity, locale, state, ended,
                                     queue_position, created_at, updated_at, expires_at,
                                     consent_source, consent_text, consent_ip, consent_at)
                VALUES (\(new.customerID), \(new.variantID), \(new.locationID), \(new.quantity), \(new.locale),
                        \(new.state.rawValue), \(!new.state.isLive), 0, \(new.createdAt.microseconds),
                        \(new.createdAt.microseconds), \(new.expiresAt?.microseconds), \(new.consent.source),
                        \(new.consent.text), \(new.consent.ip), \(new.consent.at.microseconds))
                RETURNING id
                """
            ) { try $0.int64(0) }
            if let id {
                try sql.execute("UPDATE watches SET queue_position = id WHERE id = \(id)")
                if new.state == .watching {
                    try sql.execute(
                        "INSERT INTO waiting (variant_id, queue_position, watch_id) VALUES (\(new.variantID), \(id), \(id))"
                    )
                }
            }
        case .postgresql:
            id = try sql.first(
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
                """
            ) { try $0.int64(0) }
        }
        guard let id else { throw StoreError(.query, details: "INSERT … RETURNING gave no watch id") }
        return Watch(inserted: new, id: id)
    }

    func watch(id: Int64) throws -> Watch? {
        try sql.first("SELECT \(raw: Self.watchColumns) FROM watches WHERE id = \(id)", Self.watch)
    }

    func watches(ids: [Int64]) throws -> [Int64: Watch] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int64: Watch] = [:]
        try sql.forEachRow("SELECT \(raw: Self.watchColumns) FROM watches WHERE id \(anyOf: Array(Set(ids)))") {
            let watch = try Self.watch($0)
            found[watch.id] = watch
        }
        return found
    }

    /// `watching` comes from `waiting`, in queue order (a row there is `watching` by the
    /// store's own rule: the statements that change a state keep `waiting` in step); other
    /// states from the variant's live or ended watches (index `watches_live_variant_position`
    /// for live ones), filtered by state.
    func watches(variantID: String, state: WatchState, afterPosition: Int64?, limit: Int) throws
        -> [Watch]
    {
        let after = afterPosition ?? Int64.min
        if state == .watching {
            return try sql.all(
                """
                SELECT \(raw: Self.waitingColumns) FROM watches
                JOIN (SELECT watch_id, queue_position AS position FROM waiting
                      WHERE variant_id = \(variantID) AND queue_position > \(after)
                      ORDER BY queue_position LIMIT \(limit)) x ON id = x.watch_id
                ORDER BY x.position
                """
            ) { try Self.waitingWatch($0, variantID: variantID) }
        }
        // `NOT ended` is written out, not bound: a prepared statement's generic plan (and
        // SQLite's planner) can use the partial index only when its predicate is in the text.
        return try sql.all(
            """
            SELECT \(raw: Self.watchColumns) FROM watches
            WHERE variant_id = \(variantID) AND \(raw: state.isLive ? "NOT ended" : "ended")
              AND state = \(state.rawValue) AND queue_position > \(after)
            ORDER BY queue_position LIMIT \(limit)
            """, Self.watch)
    }

    /// One UPDATE per group of watches that get the same values (a wave is one group), over the
    /// group's ids as one list: a per-watch statement spent most of a 100,000-watcher wave
    /// stepping statements (SQLite) or in round trips (PostgreSQL). `waiting` follows: a watch
    /// saved as `watching` joins it, any other leaves it (a no-op for one that was not there).
    ///
    /// A watch given twice is saved as its last copy, as a loop of single updates would leave
    /// it; an id that matches no row fails the whole call with ``StoreError/Code/notFound``.
    func saveWatches(_ watches: [Watch]) throws {
        if let postgres = sql as? PostgresSQLConnection {
            try postgres.saveWatches(watches)
            return
        }
        for (update, ids) in WatchUpdate.groups(watches) {
            let changed = try sql.execute(
                """
                UPDATE watches
                SET state = \(update.state.rawValue), ended = \(!update.state.isLive), cycle_id = \(update.cycleID),
                    notified_at = \(update.notifiedAt?.microseconds), updated_at = \(update.updatedAt.microseconds),
                    expires_at = \(update.expiresAt?.microseconds)
                WHERE id \(anyOf: ids)
                """)
            guard changed == ids.count else {
                throw StoreError(.notFound, details: "\(ids.count - changed) of \(ids.count) watches")
            }
            if update.state == .watching {
                try sql.execute(
                    """
                    INSERT INTO waiting (variant_id, queue_position, watch_id)
                    SELECT variant_id, queue_position, id FROM watches WHERE id \(anyOf: ids)
                    ON CONFLICT DO NOTHING
                    """)
            } else {
                try sql.execute(
                    """
                    DELETE FROM waiting WHERE (variant_id, queue_position, watch_id) IN
                        (SELECT variant_id, queue_position, id FROM watches WHERE id \(anyOf: ids))
                    """)
            }
        }
    }

    func liveWatches(afterID: Int64, limit: Int) throws -> [Watch] {
        try sql.all(
            """
            SELECT \(raw: Self.watchColumns) FROM watches
            WHERE id > \(afterID) AND NOT ended
            ORDER BY id LIMIT \(limit)
            """, Self.watch)
    }

    /// The watched variants, read from the watches' own index: the store is the inverted index.
    /// `NOT ended` written out, as in the neighbouring reads: the partial index's predicate.
    func watchedVariants() throws -> [String] {
        try sql.all("SELECT DISTINCT variant_id FROM watches WHERE NOT ended ORDER BY variant_id") { try $0.string(0) }
    }

    /// Served by the partial unique index on (customer_id, variant_id) of live watches.
    func liveWatches(customerID: Int64) throws -> [Watch] {
        try sql.all(
            """
            SELECT \(raw: Self.watchColumns) FROM watches
            WHERE customer_id = \(customerID) AND NOT ended
            ORDER BY id
            """, Self.watch)
    }
}

extension PostgresSQLConnection {
    /// PostgreSQL's ``SQLTransaction/saveWatches(_:)``: the UPDATE and the change to
    /// `waiting` in one statement (a data-modifying CTE, which SQLite lacks), in pieces of
    /// ``bulkChunkSize`` ids: joining six unnested arrays of per-watch values cost the server
    /// twice as much as matching one id list.
    ///
    /// The statements are sent without waiting (`send`), so a big restock builds its outbox rows
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

    /// `saveWatches`' second step, on the updated rows `u`: who is `watching` is in `waiting`.
    private static let joinWaiting = """
        INSERT INTO waiting (variant_id, queue_position, watch_id)
        SELECT variant_id, queue_position, id FROM u ON CONFLICT DO NOTHING
        """
    private static let leaveWaiting = """
        DELETE FROM waiting w USING u
        WHERE w.variant_id = u.variant_id AND w.queue_position = u.queue_position AND w.watch_id = u.id
        """
}

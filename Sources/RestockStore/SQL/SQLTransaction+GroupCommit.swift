import LibPQ
import RestockCore

/// What a group commit reads and claims before applying its deliveries, across
/// `webhook_receipts`, `stock`, `restock_cycles` and `waiting`.
///
/// SQLite: loops over the single-row statements. Each is an in-process call, with no round trip
/// to save, and the single writer already serialises transactions, so no lock is needed.
/// PostgreSQL: two statements for the whole batch, since each statement is a round trip and a
/// batch is committed every few milliseconds; advisory locks serialise two daemons' batches on
/// the same variants.
extension SQLTransaction {
    func recordReceipts(_ receipts: [ReceiptKey], lockingVariants variants: [String], at: Timestamp)
        throws -> [Bool]
    {
        if let postgres = sql as? PostgresSQLConnection {
            return try postgres.recordReceipts(receipts, lockingVariants: variants, at: at)
        }
        return try receipts.map { try recordReceipt(source: $0.source, id: $0.id, at: at) }
    }

    func stockSnapshot(variants: [String]) throws -> StockSnapshot {
        if let postgres = sql as? PostgresSQLConnection { return try postgres.stockSnapshot(variants: variants) }
        var snapshot = StockSnapshot()
        for variant in Set(variants) {
            let levels = try stockLevels(variant: variant)
            if !levels.isEmpty { snapshot.levels[variant] = levels }
            snapshot.openCycles[variant] = try openCycle(variant: variant)
            if try !watches(variantID: variant, state: .watching, afterPosition: nil, limit: 1).isEmpty {
                snapshot.waiting.insert(variant)
            }
        }
        return snapshot
    }
}

extension PostgresSQLConnection {
    /// The first key of the two-key advisory locks on variants ("RSTC"), so they never collide
    /// with single-key locks another part of Restock or the shop takes.
    private static let variantLockClass: Int32 = 0x5253_5443

    /// One statement: the receipts' INSERT and the variant locks. Within one statement
    /// `DO NOTHING` also skips a key an earlier row of the same statement inserted, so
    /// `RETURNING` holds each new key once. The locks are transaction-level advisory locks,
    /// one per variant, taken in sorted order so two batches cannot deadlock on each other
    /// (`unnest` yields the array in order and the aggregate calls the lock per row); a hash
    /// collision only serialises two unrelated variants. When every receipt is a repeat the
    /// locks may be skipped: there is then nothing to write.
    func recordReceipts(_ receipts: [ReceiptKey], lockingVariants variants: [String], at: Timestamp)
        throws -> [Bool]
    {
        let variants = Set(variants).sorted()
        return try StoreError.mappingPostgres {
            if receipts.isEmpty {
                if !variants.isEmpty { _ = try connection.query(Self.locking(variants)) }
                return []
            }
            let rows = try connection.query(
                """
                WITH inserted AS (
                    INSERT INTO webhook_receipts (source, id, received_at)
                    SELECT u.source, u.id, \(at.microseconds)::bigint
                    FROM unnest(\(receipts.map(\.source))::text[], \(receipts.map(\.id))::text[]) AS u(source, id)
                    ON CONFLICT (source, id) DO NOTHING
                    RETURNING source, id
                ), locked AS (
                    SELECT count(pg_advisory_xact_lock(\(Self.variantLockClass)::int4, hashtext(u.v))) AS n
                    FROM unnest(\(variants)::text[]) AS u(v)
                )
                SELECT inserted.source, inserted.id FROM inserted CROSS JOIN locked
                """)
            var inserted = Set<ReceiptKey>()
            for row in rows {
                inserted.insert(ReceiptKey(source: try row.decode(0), id: try row.decode(1)))
            }
            return receipts.map { inserted.remove($0) != nil }
        }
    }

    private static func locking(_ sortedVariants: [String]) -> PostgresQuery {
        """
        SELECT count(pg_advisory_xact_lock(\(variantLockClass)::int4, hashtext(u.v)))
        FROM unnest(\(sortedVariants)::text[]) AS u(v)
        """
    }

    /// One row per (variant, location), or one with NULL stock columns for a variant without
    /// stock; the open cycle (at most one, by its partial unique index) and the EXISTS probe
    /// repeat on each row. `u.v` is compared `COLLATE "C"`, as the columns are.
    ///
    /// The LIMITs keep the planner from flattening the LATERAL subqueries into hash joins: on a
    /// shop with a thousand variants it scanned both tables whole for every batch (0.28 ms)
    /// where an index probe per variant takes 0.07 ms. Rows come in variant order, and each
    /// variant's locations in order, from the subquery's ORDER BY.
    func stockSnapshot(variants: [String]) throws -> StockSnapshot {
        guard !variants.isEmpty else { return StockSnapshot() }
        return try StoreError.mappingPostgres {
            var snapshot = StockSnapshot()
            for row in try connection.query(
                """
                SELECT u.v, s.location_id, s.available, s.watermark,
                       c.id, c.opened_at, c.next_wave_at, c.waves_sent,
                       EXISTS (SELECT 1 FROM waiting w WHERE w.variant_id = u.v COLLATE "C") AS waiting
                FROM unnest(\(Set(variants).sorted())::text[]) AS u(v)
                LEFT JOIN LATERAL (SELECT location_id, available, watermark FROM stock
                                   WHERE variant_id = u.v COLLATE "C"
                                   ORDER BY location_id LIMIT \(Int64.max)) s ON true
                LEFT JOIN LATERAL (SELECT id, opened_at, next_wave_at, waves_sent FROM restock_cycles
                                   WHERE variant_id = u.v COLLATE "C" AND closed_at IS NULL LIMIT 1) c ON true
                """)
            {
                let variant = try row.decode(0, as: String.self)
                if let location = try row.decode(1, as: String?.self) {
                    snapshot.levels[variant, default: []].append(
                        StockLevel(
                            variantID: variant, locationID: location, available: try row.decode(2),
                            watermark: Timestamp(microseconds: try row.decode(3))))
                }
                if let cycleID = try row.decode(4, as: Int64?.self), snapshot.openCycles[variant] == nil {
                    snapshot.openCycles[variant] = RestockCycle(
                        id: cycleID, variantID: variant, openedAt: Timestamp(microseconds: try row.decode(5)),
                        closedAt: nil,
                        nextWaveAt: try row.decode(6, as: Int64?.self).map(Timestamp.init(microseconds:)),
                        wavesSent: try row.decode(7))
                }
                if try row.decode(8, as: Bool.self) { snapshot.waiting.insert(variant) }
            }
            return snapshot
        }
    }
}

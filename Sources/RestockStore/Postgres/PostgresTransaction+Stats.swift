import LibPQ
import RestockCore

/// `stats_daily`, `stats_variant_daily`: the figures of `/v1/stats`, summed per day.
extension PostgresTransaction {
    /// One INSERT into `stats_pending`, whatever the number of increments; it never waits for
    /// another transaction, as an upsert of a rollup row would.
    func addStats(_ increments: [StatsIncrement]) throws {
        let rows = increments.foldedPending
        guard !rows.isEmpty else { return }
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                INSERT INTO stats_pending (day, kind, language, variant_id, metric, delta)
                SELECT * FROM unnest(\(rows.map { Int64($0.day) })::int[], \(rows.map(\.kind))::text[],
                                     \(rows.map(\.language))::text[], \(rows.map(\.variantID))::text[],
                                     \(rows.map(\.metric))::text[], \(rows.map(\.delta))::bigint[])
                """)
        }
    }

    /// One statement: the pending rows deleted and their sums added to both rollups. A row
    /// another daemon is folding at the same time is deleted by one of them only, so it is
    /// counted once; the rollups' upserts run in one transaction per fold, not per fact.
    func foldStats() throws -> Int {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                WITH moved AS (
                    DELETE FROM stats_pending WHERE id IN (SELECT id FROM stats_pending ORDER BY id LIMIT 100000)
                    RETURNING day, kind, language, variant_id, metric, delta
                ), daily AS (
                    INSERT INTO stats_daily AS s (day, kind, language, metric, value)
                    SELECT day, kind, language, metric, \(unsafeRaw: Self.clamped("SUM(delta)")) FROM moved
                    GROUP BY day, kind, language, metric ORDER BY day, kind, language, metric
                    ON CONFLICT (day, kind, language, metric) DO UPDATE
                    SET value = \(unsafeRaw: Self.clamped("s.value::numeric + excluded.value"))
                    RETURNING 1
                ), variants AS (
                    INSERT INTO stats_variant_daily AS s (day, variant_id, metric, value)
                    SELECT day, variant_id, metric, \(unsafeRaw: Self.clamped("SUM(delta)")) FROM moved
                    GROUP BY day, variant_id, metric ORDER BY day, variant_id, metric
                    ON CONFLICT (day, variant_id, metric) DO UPDATE
                    SET value = \(unsafeRaw: Self.clamped("s.value::numeric + excluded.value"))
                    RETURNING 1
                )
                SELECT (SELECT COUNT(*) FROM moved), (SELECT COUNT(*) FROM daily), (SELECT COUNT(*) FROM variants)
                """
            )[0].decode(0, as: Int.self)
        }
    }

    /// A `numeric` sum held at the bounds of `bigint`. A rollup that overflowed would fail the
    /// fold, every time, so pending increments would pile up and the figures stop moving: the
    /// figures come from what shops sent, so the sum is clamped instead.
    static func clamped(_ sum: String) -> String {
        "LEAST(GREATEST(\(sum), -9223372036854775808), 9223372036854775807)::bigint"
    }

    func stats(fromDay: Int, toDay: Int, groupBy: StatsGrouping) throws -> [StatsRow] {
        var binds = PostgresBindings()
        let placeholders = (binds.append(Int64(fromDay)), binds.append(Int64(toDay)))
        let query = PostgresQuery(
            unsafeSQL: StatsGrouping.rollupQuery(groupBy, placeholders: placeholders, pending: true), binds: binds)
        return try StoreError.mappingPostgres {
            try connection.query(query).map { row in
                StatsRow(
                    group: StatsGrouping.groupName(groupBy, [try row.decode(0), try row.decode(1)]),
                    metric: try row.decode(2),
                    value: StatsGrouping.total(high: try row.decode(3), low: try row.decode(4)))
            }
        }
    }
}

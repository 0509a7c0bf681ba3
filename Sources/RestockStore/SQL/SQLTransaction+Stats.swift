import LibPQ
import RestockCore

/// `stats_daily`, `stats_variant_daily`: the figures of `/v1/stats`, summed per day; and
/// `stats_pending`, increments PostgreSQL has not folded into them yet.
///
/// How increments reach the rollups differs, side by side below. SQLite has one writer and
/// adds to the rollups directly. On PostgreSQL an upsert of a hot rollup row makes concurrent
/// transactions wait for each other's commit (the dispatcher lost a third of its rate), so
/// increments go into `stats_pending` and the stats timer folds them. The reads add both, so
/// an answer never waits for a fold; on SQLite `stats_pending` stays empty. On both, a key
/// whose increments cancel out within one call writes nothing.
extension SQLTransaction {
    func addStats(_ increments: [StatsIncrement]) throws {
        if let postgres = sql as? PostgresSQLConnection {
            try postgres.addPendingStats(increments)
            return
        }
        let (daily, variants) = increments.folded
        if !daily.isEmpty {
            try sql.execute(
                """
                INSERT INTO stats_daily (day, kind, language, metric, value)
                SELECT day, kind, language, metric, delta
                FROM \(rows: SQLColumn("day", daily.map { Int64($0.day) }), SQLColumn("kind", daily.map(\.kind)),
                       SQLColumn("language", daily.map(\.language)), SQLColumn("metric", daily.map(\.metric)),
                       SQLColumn("delta", daily.map(\.delta)), as: "r")
                WHERE true
                ON CONFLICT (day, kind, language, metric) DO UPDATE SET value = \(raw: Self.clampedSQLiteSum)
                """)
        }
        if !variants.isEmpty {
            try sql.execute(
                """
                INSERT INTO stats_variant_daily (day, variant_id, metric, value)
                SELECT day, variant_id, metric, delta
                FROM \(rows: SQLColumn("day", variants.map { Int64($0.day) }),
                       SQLColumn("variant_id", variants.map(\.variantID)), SQLColumn("metric", variants.map(\.metric)),
                       SQLColumn("delta", variants.map(\.delta)), as: "r")
                WHERE true
                ON CONFLICT (day, variant_id, metric) DO UPDATE SET value = \(raw: Self.clampedSQLiteSum)
                """)
        }
    }

    /// A rollup plus an increment, held at the bounds of 64 bits. SQLite turns an integer sum
    /// that overflows into a REAL, which the rollup would keep and no read could decode as an
    /// integer again: the figures come from what shops sent, so the sum is clamped in the
    /// statement instead.
    private static var clampedSQLiteSum: String {
        "MIN(MAX(value + excluded.value, -9223372036854775807 - 1), 9223372036854775807)"
    }

    /// Nothing is ever pending on SQLite.
    func foldStats() throws -> Int {
        guard let postgres = sql as? PostgresSQLConnection else { return 0 }
        return try postgres.foldStats()
    }

    /// Two text group columns (the second empty when the grouping has one), the metric and its
    /// sum, over the days asked, pending increments added in.
    ///
    /// The sum comes as its high and low 32 bits summed apart (``StatsGrouping/total(high:low:)``
    /// joins them): each row is within 64 bits, but a sum across days or languages can pass
    /// them, which SQLite refuses as an integer overflow and PostgreSQL returns as a `numeric`
    /// no `bigint` can hold, so `/v1/stats` and `/report` failed for good over such a range.
    /// Halves cannot overflow below two billion rows per group.
    func stats(fromDay: Int, toDay: Int, groupBy: StatsGrouping) throws -> [StatsRow] {
        let (table, first, second) =
            switch groupBy {
            case .day: ("stats_daily", "CAST(day AS TEXT)", "''")
            case .kind: ("stats_daily", "kind", "''")
            case .template: ("stats_daily", "kind", "language")
            case .variant: ("stats_variant_daily", "variant_id", "''")
            }
        return try sql.all(
            """
            SELECT g1, g2, metric, SUM(value >> 32) AS high, SUM(value & 4294967295) AS low FROM (
                SELECT \(raw: first) AS g1, \(raw: second) AS g2, metric, value FROM \(raw: table)
                WHERE day BETWEEN \(fromDay) AND \(toDay)
                UNION ALL
                SELECT \(raw: first), \(raw: second), metric, delta FROM stats_pending
                WHERE day BETWEEN \(fromDay) AND \(toDay)
            ) AS r
            GROUP BY g1, g2, metric
            """
        ) { row in
            StatsRow(
                group: StatsGrouping.groupName(groupBy, [try row.string(0), try row.string(1)]),
                metric: try row.string(2), value: StatsGrouping.total(high: try row.int64(3), low: try row.int64(4)))
        }
    }
}

extension PostgresSQLConnection {
    /// One INSERT into `stats_pending`, whatever the number of increments; it never waits for
    /// another transaction, as an upsert of a rollup row would.
    func addPendingStats(_ increments: [StatsIncrement]) throws {
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

}

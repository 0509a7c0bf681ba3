import GRDB
import RestockCore

/// `stats_daily`, `stats_variant_daily`: the figures of `/v1/stats`, summed per day.
extension SQLiteTransaction {
    func addStats(_ increments: [StatsIncrement]) throws {
        let (daily, variants) = increments.folded
        guard !daily.isEmpty else { return }
        try StoreError.mappingSQLite {
            let addDaily = try db.cachedStatement(
                sql: """
                    INSERT INTO stats_daily (day, kind, language, metric, value) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (day, kind, language, metric) DO UPDATE SET value = \(Self.clampedSum)
                    """)
            for row in daily {
                try addDaily.execute(arguments: [row.day, row.kind, row.language, row.metric, row.delta])
            }
            let addVariant = try db.cachedStatement(
                sql: """
                    INSERT INTO stats_variant_daily (day, variant_id, metric, value) VALUES (?, ?, ?, ?)
                    ON CONFLICT (day, variant_id, metric) DO UPDATE SET value = \(Self.clampedSum)
                    """)
            for row in variants {
                try addVariant.execute(arguments: [row.day, row.variantID, row.metric, row.delta])
            }
        }
    }

    /// A rollup plus an increment, held at the bounds of 64 bits. SQLite turns an integer sum
    /// that overflows into a REAL, which the rollup would keep and no read could decode as an
    /// integer again (GRDB stops the process on that): the figures come from what shops sent,
    /// so the sum is clamped in the statement instead.
    static let clampedSum =
        "MIN(MAX(value + excluded.value, -9223372036854775807 - 1), 9223372036854775807)"

    /// Nothing is ever pending: ``addStats(_:)`` writes the rollups directly.
    func foldStats() throws -> Int { 0 }

    func stats(fromDay: Int, toDay: Int, groupBy: StatsGrouping) throws -> [StatsRow] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(sql: StatsGrouping.rollupQuery(groupBy, placeholders: ("?1", "?2"), pending: false)),
                arguments: [fromDay, toDay]
            ).map { row in
                StatsRow(
                    group: StatsGrouping.groupName(groupBy, [row[0], row[1]]), metric: row[2],
                    value: StatsGrouping.total(high: row[3], low: row[4]))
            }
        }
    }
}

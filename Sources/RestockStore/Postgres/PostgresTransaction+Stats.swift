import LibPQ
import RestockCore

/// `stats_daily`, `stats_variant_daily`: the figures of `/v1/stats`, summed per day.
extension PostgresTransaction {
    /// One statement per rollup, whatever the number of increments.
    func addStats(_ increments: [StatsIncrement]) throws {
        let (daily, variants) = increments.folded
        try StoreError.mappingPostgres {
            if !daily.isEmpty {
                try connection.execute(
                    """
                    INSERT INTO stats_daily AS s (day, kind, language, metric, value)
                    SELECT * FROM unnest(\(daily.map { Int64($0.day) })::int[], \(daily.map(\.kind))::text[],
                                         \(daily.map(\.language))::text[], \(daily.map(\.metric))::text[],
                                         \(daily.map(\.delta))::bigint[])
                    ON CONFLICT (day, kind, language, metric) DO UPDATE SET value = s.value + excluded.value
                    """)
            }
            if !variants.isEmpty {
                try connection.execute(
                    """
                    INSERT INTO stats_variant_daily AS s (day, variant_id, metric, value)
                    SELECT * FROM unnest(\(variants.map { Int64($0.day) })::int[], \(variants.map(\.variantID))::text[],
                                         \(variants.map(\.metric))::text[], \(variants.map(\.delta))::bigint[])
                    ON CONFLICT (day, variant_id, metric) DO UPDATE SET value = s.value + excluded.value
                    """)
            }
        }
    }

    func stats(fromDay: Int, toDay: Int, groupBy: StatsGrouping) throws -> [StatsRow] {
        var binds = PostgresBindings()
        let placeholders = (binds.append(Int64(fromDay)), binds.append(Int64(toDay)))
        let query = PostgresQuery(
            unsafeSQL: StatsGrouping.rollupQuery(groupBy, placeholders: placeholders), binds: binds)
        return try StoreError.mappingPostgres {
            try connection.query(query).map { row in
                StatsRow(
                    group: StatsGrouping.groupName(groupBy, [try row.decode(0), try row.decode(1)]),
                    metric: try row.decode(2), value: try row.decode(3))
            }
        }
    }
}

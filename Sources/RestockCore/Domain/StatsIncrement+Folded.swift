extension Array where Element == StatsIncrement {
    /// The increments summed per rollup row, for each rollup: a statement that adds to the same
    /// row twice is refused by PostgreSQL, and one addition per row is less to write anyway.
    /// The increments summed per (day, kind, language, variant, metric): one pending row each.
    public var foldedPending: [StatsIncrement] {
        var sums: [StatsIncrement: Int64] = [:]
        for increment in self where increment.delta != 0 {
            var key = increment
            key.delta = 0
            sums[key, default: 0].addClamped(increment.delta)
        }
        return sums.compactMap { key, delta in
            guard delta != 0 else { return nil }
            var row = key
            row.delta = delta
            return row
        }
    }

    public var folded: (daily: [StatsIncrement], variants: [StatsIncrement]) {
        var daily: [StatsIncrement: Int64] = [:]
        var variants: [StatsIncrement: Int64] = [:]
        for increment in self where increment.delta != 0 {
            var key = increment
            key.delta = 0
            var dailyKey = key
            dailyKey.variantID = ""
            daily[dailyKey, default: 0].addClamped(increment.delta)
            var variantKey = key
            variantKey.kind = ""
            variantKey.language = ""
            variants[variantKey, default: 0].addClamped(increment.delta)
        }
        func rows(_ sums: [StatsIncrement: Int64]) -> [StatsIncrement] {
            // A key whose increments cancel out writes nothing, as in ``foldedPending``.
            sums.compactMap { key, delta in
                guard delta != 0 else { return nil }
                var row = key
                row.delta = delta
                return row
            }.sorted {
                ($0.day, $0.kind, $0.language, $0.variantID, $0.metric) < (
                    $1.day, $1.kind, $1.language, $1.variantID, $1.metric
                )
            }
        }
        return (rows(daily), rows(variants))
    }
}

import RestockCore

/// `stock`: the last known level per (variant, location) and the watermark that orders updates.
extension SQLStoreTransaction {
    func stockLevels(variant: String) throws -> [StockLevel] {
        // PostgreSQL's column is COLLATE "C": locations sort by bytes, as in SQLite.
        try sql.all(
            """
            SELECT variant_id, location_id, available, watermark
            FROM stock WHERE variant_id = \(variant) ORDER BY location_id
            """
        ) { row in
            StockLevel(
                variantID: try row.string(0), locationID: try row.string(1), available: try row.int(2),
                watermark: try row.timestamp(3))
        }
    }

    func saveStockLevel(_ level: StockLevel) throws {
        try sql.execute(
            """
            INSERT INTO stock (variant_id, location_id, available, watermark)
            VALUES (\(level.variantID), \(level.locationID), \(level.available), \(level.watermark.microseconds))
            ON CONFLICT (variant_id, location_id) DO UPDATE SET
                available = excluded.available, watermark = excluded.watermark
            """)
    }

    /// SQLite: a loop, since its statements are in-process calls with no round trip to save.
    /// PostgreSQL: one upsert from unnested arrays. The server refuses to update one row twice
    /// in a statement, so repeats are folded first, the last copy winning as in the loop.
    func saveStockLevels(_ levels: [StockLevel]) throws {
        var last: [StockKey: Int] = [:]
        for (position, level) in levels.enumerated() {
            last[StockKey(variantID: level.variantID, locationID: level.locationID)] = position
        }
        let unique = last.values.sorted().map { levels[$0] }
        guard sql.dialect == .postgresql, unique.count > 1 else {
            for level in unique { try saveStockLevel(level) }
            return
        }
        try sql.execute(
            """
            INSERT INTO stock (variant_id, location_id, available, watermark)
            SELECT * FROM unnest(\(unique.map(\.variantID))::text[], \(unique.map(\.locationID))::text[],
                                 \(unique.map { Int64($0.available) })::bigint[],
                                 \(unique.map(\.watermark.microseconds))::bigint[])
            ON CONFLICT (variant_id, location_id) DO UPDATE SET
                available = excluded.available, watermark = excluded.watermark
            """)
    }
}

/// A `stock` row's key.
private struct StockKey: Hashable {
    var variantID: String
    var locationID: String
}

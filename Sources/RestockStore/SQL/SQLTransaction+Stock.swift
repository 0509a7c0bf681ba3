import RestockCore

/// `stock`: the last known level per (variant, location) and the watermark that orders updates.
extension SQLTransaction {
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

    /// One upsert for all levels. A statement may not update one row twice (PostgreSQL refuses
    /// it), so repeats are folded first, the last copy winning as in a loop of saves.
    func saveStockLevels(_ levels: [StockLevel]) throws {
        var last: [StockKey: Int] = [:]
        for (position, level) in levels.enumerated() {
            last[StockKey(variantID: level.variantID, locationID: level.locationID)] = position
        }
        let unique = last.values.sorted().map { levels[$0] }
        guard !unique.isEmpty else { return }
        try sql.execute(
            """
            INSERT INTO stock (variant_id, location_id, available, watermark)
            SELECT variant_id, location_id, available, watermark
            FROM \(rows: SQLColumn("variant_id", unique.map(\.variantID)),
                   SQLColumn("location_id", unique.map(\.locationID)),
                   SQLColumn("available", unique.map { Int64($0.available) }),
                   SQLColumn("watermark", unique.map(\.watermark.microseconds)), as: "u")
            WHERE true
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

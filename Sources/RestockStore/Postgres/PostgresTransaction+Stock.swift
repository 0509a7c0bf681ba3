import LibPQ
import RestockCore

/// `stock`: the last known level per (variant, location) and the watermark that orders updates.
extension PostgresTransaction {
    func stockLevels(variant: String) throws -> [StockLevel] {
        try StoreError.mappingPostgres {
            // The column is COLLATE "C": locations sort by bytes, as in SQLite.
            try connection.query(
                """
                SELECT variant_id, location_id, available, watermark
                FROM stock WHERE variant_id = \(variant) ORDER BY location_id
                """
            ).map { row in
                StockLevel(
                    variantID: try row.decode("variant_id"), locationID: try row.decode("location_id"),
                    available: try row.decode("available"), watermark: try row.timestamp("watermark"))
            }
        }
    }

    func saveStockLevel(_ level: StockLevel) throws {
        try StoreError.mappingPostgres {
            _ = try connection.execute(
                """
                INSERT INTO stock (variant_id, location_id, available, watermark)
                VALUES (\(level.variantID), \(level.locationID), \(level.available), \(level.watermark.microseconds))
                ON CONFLICT (variant_id, location_id) DO UPDATE SET
                    available = EXCLUDED.available, watermark = EXCLUDED.watermark
                """)
        }
    }

    /// One upsert from unnested arrays. The server refuses to update one row twice in a
    /// statement, so repeats are folded first, the last copy winning as in a loop of saves.
    func saveStockLevels(_ levels: [StockLevel]) throws {
        var last: [StockKey: Int] = [:]
        for (position, level) in levels.enumerated() {
            last[StockKey(variantID: level.variantID, locationID: level.locationID)] = position
        }
        let unique = last.values.sorted().map { levels[$0] }
        if unique.count <= 1 {
            for level in unique { try saveStockLevel(level) }
            return
        }
        try StoreError.mappingPostgres {
            _ = try connection.execute(
                """
                INSERT INTO stock (variant_id, location_id, available, watermark)
                SELECT * FROM unnest(\(unique.map(\.variantID))::text[], \(unique.map(\.locationID))::text[],
                                     \(unique.map(\.available))::bigint[],
                                     \(unique.map(\.watermark.microseconds))::bigint[])
                ON CONFLICT (variant_id, location_id) DO UPDATE SET
                    available = EXCLUDED.available, watermark = EXCLUDED.watermark
                """)
        }
    }
}

/// A `stock` row's key.
private struct StockKey: Hashable {
    var variantID: String
    var locationID: String
}

import GRDB
import RestockCore

/// `stock`: the last known level per (variant, location) and the watermark that orders updates.
extension SQLiteTransaction {
    func stockLevels(variant: String) throws -> [StockLevel] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT variant_id, location_id, available, watermark
                        FROM stock WHERE variant_id = ? ORDER BY location_id
                        """),
                arguments: [variant]
            ).map { row in
                StockLevel(
                    variantID: row["variant_id"], locationID: row["location_id"],
                    available: row["available"], watermark: row.timestamp("watermark"))
            }
        }
    }

    func saveStockLevel(_ level: StockLevel) throws {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    INSERT INTO stock (variant_id, location_id, available, watermark)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (variant_id, location_id) DO UPDATE SET
                        available = excluded.available, watermark = excluded.watermark
                    """
            ).execute(arguments: [
                level.variantID, level.locationID, level.available, level.watermark.microseconds,
            ])
        }
    }

    /// A loop: statements are in-process calls on SQLite, with no round trip to save.
    func saveStockLevels(_ levels: [StockLevel]) throws {
        for level in levels { try saveStockLevel(level) }
    }
}

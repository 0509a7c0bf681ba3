import GRDB
import RestockCore

/// `inventory_items`, `parked_levels`: Shopify's item → variant map and the levels that wait
/// for it. SQLite has one writer, so the lock is the transaction itself; the rows are still
/// created, so both stores hold the same items.
extension SQLiteTransaction {
    func lockInventoryItems(source: String, itemIDs: [String], at: Timestamp) throws -> [String: String] {
        try StoreError.mappingSQLite {
            var variants: [String: String] = [:]
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO inventory_items (source, item_id, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (source, item_id) DO NOTHING
                    """)
            let select = try db.cachedStatement(
                sql: "SELECT variant_id FROM inventory_items WHERE source = ? AND item_id = ?")
            for item in Set(itemIDs).sorted() {
                try insert.execute(arguments: [source, item, at.microseconds])
                if let variant = try String?.fetchOne(select, arguments: [source, item]) ?? nil {
                    variants[item] = variant
                }
            }
            return variants
        }
    }

    func linkInventoryItems(source: String, _ links: [InventoryItemLink], at: Timestamp) throws {
        try StoreError.mappingSQLite {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO inventory_items (source, item_id, variant_id, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (source, item_id) DO UPDATE SET
                        variant_id = excluded.variant_id, updated_at = excluded.updated_at
                    """)
            for link in links {
                try statement.execute(arguments: [source, link.itemID, link.variantID, at.microseconds])
            }
        }
    }

    func parkItemLevels(source: String, _ levels: [InventoryItemLevel], at: Timestamp) throws {
        try StoreError.mappingSQLite {
            // Parked levels are absolute: only the newest per location matters when they apply.
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO parked_levels (source, item_id, location_id, available, occurred_at, parked_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source, item_id, location_id) DO UPDATE SET
                        available = excluded.available, occurred_at = excluded.occurred_at,
                        parked_at = excluded.parked_at
                    WHERE excluded.occurred_at > parked_levels.occurred_at
                    """)
            for level in levels {
                try statement.execute(arguments: [
                    source, level.itemID, level.locationID, level.available, level.occurredAt.microseconds,
                    at.microseconds,
                ])
            }
        }
    }

    func takeParkedLevels(source: String, itemIDs: [String]) throws -> [InventoryItemLevel] {
        try StoreError.mappingSQLite {
            let select = try db.cachedStatement(
                sql: """
                    SELECT item_id, location_id, available, occurred_at FROM parked_levels
                    WHERE source = ? AND item_id = ? ORDER BY location_id
                    """)
            let delete = try db.cachedStatement(sql: "DELETE FROM parked_levels WHERE source = ? AND item_id = ?")
            var levels: [InventoryItemLevel] = []
            for item in Set(itemIDs).sorted() {
                for row in try Row.fetchAll(select, arguments: [source, item]) {
                    levels.append(
                        InventoryItemLevel(
                            itemID: row["item_id"], locationID: row["location_id"], available: row["available"],
                            occurredAt: row.timestamp("occurred_at")))
                }
                try delete.execute(arguments: [source, item])
            }
            return levels
        }
    }
}

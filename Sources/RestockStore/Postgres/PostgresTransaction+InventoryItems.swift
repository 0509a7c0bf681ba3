import LibPQ
import RestockCore

/// `inventory_items`, `parked_levels`: Shopify's item → variant map and the levels that wait
/// for it.
extension PostgresTransaction {
    /// The no-op `DO UPDATE` is the lock: `DO NOTHING` would not lock an existing row, and under
    /// READ COMMITTED the update waits for a concurrent transaction holding the row and then
    /// returns the version it committed, so a mapping made meanwhile is seen. Sorted ids keep
    /// two batches from locking the same items in opposite orders.
    func lockInventoryItems(source: String, itemIDs: [String], at: Timestamp) throws -> [String: String] {
        let items = Set(itemIDs).sorted()
        guard !items.isEmpty else { return [:] }
        return try StoreError.mappingPostgres {
            var variants: [String: String] = [:]
            for row in try connection.query(
                """
                INSERT INTO inventory_items (source, item_id, updated_at)
                SELECT \(source), item, \(at.microseconds) FROM unnest(\(items)::text[]) AS item
                ON CONFLICT (source, item_id) DO UPDATE SET item_id = EXCLUDED.item_id
                RETURNING item_id, variant_id
                """)
            {
                if let variant = try row.decode("variant_id", as: String?.self) {
                    variants[try row.decode("item_id")] = variant
                }
            }
            return variants
        }
    }

    func linkInventoryItems(source: String, _ links: [InventoryItemLink], at: Timestamp) throws {
        var last: [String: String] = [:]
        for link in links { last[link.itemID] = link.variantID }
        let items = last.keys.sorted()
        guard !items.isEmpty else { return }
        try StoreError.mappingPostgres {
            _ = try connection.execute(
                """
                INSERT INTO inventory_items (source, item_id, variant_id, updated_at)
                SELECT \(source), item, variant, \(at.microseconds)
                FROM unnest(\(items)::text[], \(items.map { last[$0]! })::text[]) AS l(item, variant)
                ON CONFLICT (source, item_id) DO UPDATE SET
                    variant_id = EXCLUDED.variant_id, updated_at = EXCLUDED.updated_at
                """)
        }
    }

    func parkItemLevels(source: String, _ levels: [InventoryItemLevel], at: Timestamp) throws {
        // One statement may not touch a row twice: keep the newest per (item, location) first.
        var newest: [String: InventoryItemLevel] = [:]
        for level in levels {
            let key = level.itemID + "\u{0}" + level.locationID
            if let known = newest[key], known.occurredAt >= level.occurredAt { continue }
            newest[key] = level
        }
        let unique = newest.keys.sorted().map { newest[$0]! }
        guard !unique.isEmpty else { return }
        try StoreError.mappingPostgres {
            _ = try connection.execute(
                """
                INSERT INTO parked_levels (source, item_id, location_id, available, occurred_at, parked_at)
                SELECT \(source), item, location, available, occurred_at, \(at.microseconds)
                FROM unnest(\(unique.map(\.itemID))::text[], \(unique.map(\.locationID))::text[],
                            \(unique.map { Int64($0.available) })::bigint[],
                            \(unique.map(\.occurredAt.microseconds))::bigint[])
                     AS p(item, location, available, occurred_at)
                ON CONFLICT (source, item_id, location_id) DO UPDATE SET
                    available = EXCLUDED.available, occurred_at = EXCLUDED.occurred_at,
                    parked_at = EXCLUDED.parked_at
                WHERE EXCLUDED.occurred_at > parked_levels.occurred_at
                """)
        }
    }

    func takeParkedLevels(source: String, itemIDs: [String]) throws -> [InventoryItemLevel] {
        let items = Set(itemIDs).sorted()
        guard !items.isEmpty else { return [] }
        return try StoreError.mappingPostgres {
            try connection.query(
                """
                DELETE FROM parked_levels WHERE source = \(source) AND item_id = ANY(\(items)::text[])
                RETURNING item_id, location_id, available, occurred_at
                """
            ).map { row in
                InventoryItemLevel(
                    itemID: try row.decode("item_id"), locationID: try row.decode("location_id"),
                    available: Int(try row.decode("available", as: Int64.self)),
                    occurredAt: try row.timestamp("occurred_at"))
            }.sorted { ($0.itemID, $0.locationID) < ($1.itemID, $1.locationID) }
        }
    }
}

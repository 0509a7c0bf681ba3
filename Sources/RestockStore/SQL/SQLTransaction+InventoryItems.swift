import RestockCore

/// `inventory_items`, `parked_levels`: Shopify's item → variant map and the levels that wait
/// for it.
extension SQLTransaction {
    /// Creates the items' rows if new and returns the variants of those already mapped, holding
    /// the rows until the transaction ends. The no-op `DO UPDATE` is the lock on PostgreSQL:
    /// `DO NOTHING` would not lock an existing row, and under READ COMMITTED the update waits
    /// for a concurrent transaction holding the row and then returns the version it committed,
    /// so a mapping made meanwhile is seen. Sorted ids keep two batches from locking the same
    /// items in opposite orders. On SQLite the single writer is the lock.
    func lockInventoryItems(source: String, itemIDs: [String], at: Timestamp) throws -> [String: String] {
        let items = Set(itemIDs).sorted()
        guard !items.isEmpty else { return [:] }
        var variants: [String: String] = [:]
        // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT.
        try sql.forEachRow(
            """
            INSERT INTO inventory_items (source, item_id, updated_at)
            SELECT \(source), list.value, \(at.microseconds) FROM \(list: items) WHERE true
            ON CONFLICT (source, item_id) DO UPDATE SET item_id = excluded.item_id
            RETURNING item_id, variant_id
            """
        ) { row in
            if let variant = try row.optionalString(1) { variants[try row.string(0)] = variant }
        }
        return variants
    }

    /// The last link given for an item wins; one statement, which may not touch a row twice,
    /// hence the folding first.
    func linkInventoryItems(source: String, _ links: [InventoryItemLink], at: Timestamp) throws {
        var last: [String: String] = [:]
        for link in links { last[link.itemID] = link.variantID }
        let items = last.keys.sorted()
        guard !items.isEmpty else { return }
        try sql.execute(
            """
            INSERT INTO inventory_items (source, item_id, variant_id, updated_at)
            SELECT \(source), item, variant, \(at.microseconds)
            FROM \(rows: SQLColumn("item", items), SQLColumn("variant", items.map { last[$0]! }), as: "l")
            WHERE true
            ON CONFLICT (source, item_id) DO UPDATE SET
                variant_id = excluded.variant_id, updated_at = excluded.updated_at
            """)
    }

    /// Parked levels are absolute: only the newest per (item, location) matters when they
    /// apply, the first one given on a tie. One statement, which may not touch a row twice,
    /// hence the folding first.
    func parkItemLevels(source: String, _ levels: [InventoryItemLevel], at: Timestamp) throws {
        var newest: [String: InventoryItemLevel] = [:]
        for level in levels {
            let key = level.itemID + "\u{0}" + level.locationID
            if let known = newest[key], known.occurredAt >= level.occurredAt { continue }
            newest[key] = level
        }
        let unique = newest.keys.sorted().map { newest[$0]! }
        guard !unique.isEmpty else { return }
        try sql.execute(
            """
            INSERT INTO parked_levels (source, item_id, location_id, available, occurred_at, parked_at)
            SELECT \(source), item, location, available, occurred_at, \(at.microseconds)
            FROM \(rows: SQLColumn("item", unique.map(\.itemID)), SQLColumn("location", unique.map(\.locationID)),
                   SQLColumn("available", unique.map { Int64($0.available) }),
                   SQLColumn("occurred_at", unique.map(\.occurredAt.microseconds)), as: "p")
            WHERE true
            ON CONFLICT (source, item_id, location_id) DO UPDATE SET
                available = excluded.available, occurred_at = excluded.occurred_at,
                parked_at = excluded.parked_at
            WHERE excluded.occurred_at > parked_levels.occurred_at
            """)
    }

    /// The items' parked levels, removed as they are read, by item and then location.
    func takeParkedLevels(source: String, itemIDs: [String]) throws -> [InventoryItemLevel] {
        let items = Set(itemIDs).sorted()
        guard !items.isEmpty else { return [] }
        return try sql.all(
            """
            DELETE FROM parked_levels WHERE source = \(source) AND item_id \(anyOf: items)
            RETURNING item_id, location_id, available, occurred_at
            """
        ) { row in
            InventoryItemLevel(
                itemID: try row.string(0), locationID: try row.string(1), available: try row.int(2),
                occurredAt: try row.timestamp(3))
        }.sorted { ($0.itemID, $0.locationID) < ($1.itemID, $1.locationID) }
    }
}

import RestockCore

/// Which variant each inventory item of a group commit belongs to, per source, as far as known.
/// It changes as the batch runs: a `products/update` earlier in the batch maps items for the
/// deliveries after it.
struct InventoryItemMap {
    var variants: [String: [String: String]] = [:]

    func variant(source: String, item: String) -> String? { variants[source]?[item] }

    /// The variants a delivery's stock may touch: its own levels, its links, and its item
    /// levels whose item is mapped.
    func stockVariants(of request: IngestRequest) -> [String] {
        guard case .platform(let source, let events) = request.content else { return [] }
        return events.stock.map(\.variantID) + events.itemLinks.map(\.variantID)
            + events.itemLevels.compactMap { variant(source: source, item: $0.itemID) }
    }

    /// Every variant the deliveries may change, to lock before anything is read.
    func variants(of requests: [IngestRequest]) -> [String] {
        requests.flatMap { request -> [String] in
            guard case .platform(_, let events) = request.content else { return [] }
            return stockVariants(of: request) + events.orders.flatMap { $0.lines.map(\.variantID) }
        }
    }
}

extension IngestPipeline {
    /// Locks every inventory item the batch names (before its receipts and variant locks, since
    /// the variants come from the map) and reads what is known of them.
    func lockItems(_ requests: [IngestRequest], tx: any StoreTransaction) throws -> InventoryItemMap {
        var items: [String: [String]] = [:]
        for request in requests {
            guard case .platform(let source, let events) = request.content else { continue }
            items[source, default: []] += events.itemLevels.map(\.itemID) + events.itemLinks.map(\.itemID)
        }
        var map = InventoryItemMap()
        let at = requests.map(\.now).max() ?? .now
        for (source, ids) in items.sorted(by: { $0.key < $1.key }) where !ids.isEmpty {
            map.variants[source] = try tx.lockInventoryItems(source: source, itemIDs: ids, at: at)
        }
        return map
    }

    /// One native delivery: catalog first (so emails queued by its restock show it), then the
    /// item links and the levels that waited for them, its levels per variant as any stock
    /// event, its orders, and what it asks to read back.
    func applyPlatform(
        _ events: PlatformEvents, source: String, items: inout InventoryItemMap, stock: inout StockBatch,
        tx: any StoreTransaction, now: Timestamp, work: inout TransactionWork
    ) throws -> IngestResult {
        // A signed delivery is trusted, not clean: its text is made safe to show, its unusable
        // URLs dropped (``CatalogEntry/sanitized``).
        for entry in events.catalog { try tx.upsertCatalog(entry.sanitized, at: now) }
        var levels = events.stock
        if !events.itemLinks.isEmpty {
            try tx.linkInventoryItems(source: source, events.itemLinks, at: now)
            for link in events.itemLinks { items.variants[source, default: [:]][link.itemID] = link.variantID }
            let waiting = try tx.takeParkedLevels(source: source, itemIDs: events.itemLinks.map(\.itemID))
            levels += waiting.compactMap { level in
                stockEvent(level, variant: items.variant(source: source, item: level.itemID))
            }
        }
        var parked: [InventoryItemLevel] = []
        for level in events.itemLevels {
            if let event = stockEvent(level, variant: items.variant(source: source, item: level.itemID)) {
                levels.append(event)
            } else {
                parked.append(level)
            }
        }
        try tx.parkItemLevels(source: source, parked, at: now)
        let byVariant = Dictionary(grouping: levels, by: \.variantID)
        for variantID in byVariant.keys.sorted() {
            try applyStock(byVariant[variantID]!, variantID: variantID, stock: &stock, tx: tx, now: now, work: &work)
        }
        for order in events.orders { try applyOrder(order, tx: tx, now: now, work: &work) }
        work.orders += events.orders.count
        try tx.enqueueLookups(source: source, events.lookups, at: now)
        try work.flush(tx, now: now)
        return IngestResult(
            duplicate: false, applied: work.applied + events.orders.count, stale: work.stale, queued: work.queued,
            attributed: events.orders.isEmpty ? nil : work.attributed,
            converted: events.orders.isEmpty ? nil : work.converted,
            parked: events.itemLevels.isEmpty ? nil : parked.count,
            lookups: events.lookups.isEmpty ? nil : events.lookups.count)
    }

    private func stockEvent(_ level: InventoryItemLevel, variant: String?) -> StockEvent? {
        variant.map {
            StockEvent(
                variantID: $0, locationID: level.locationID, change: .absolute(level.available),
                occurredAt: level.occurredAt)
        }
    }
}

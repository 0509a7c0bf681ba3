import RestockCore

/// Identifies one webhook delivery so a redelivery is recognised (`webhook_receipts`).
public struct DeliveryReceipt: Sendable, Hashable {
    public var source: String
    public var id: String

    public init(source: String, id: String) {
        self.source = source
        self.id = id
    }
}

/// What an ingest did; the HTTP layer answers with it.
public struct IngestResult: Sendable, Hashable, Codable {
    /// The delivery was seen before: nothing was done again.
    public var duplicate: Bool
    public var applied: Int
    public var stale: Int
    public var queued: Int

    public init(duplicate: Bool, applied: Int = 0, stale: Int = 0, queued: Int = 0) {
        self.duplicate = duplicate
        self.applied = applied
        self.stale = stale
        self.queued = queued
    }
}

extension RestockEngine {
    /// Applies stock and catalog events as one transaction: the receipt, the new levels, the cycle
    /// edges they cause, the first wave of a restock and the "sold out again" emails all commit
    /// together or not at all (DESIGN.md §5). The caller acknowledges the delivery only after
    /// this returns.
    public func ingest(
        stock events: [StockEvent], catalog: [CatalogEntry] = [], receipt: DeliveryReceipt?
    ) async throws -> IngestResult {
        let now = clock()
        return try await commit { tx in
            if let receipt, try !tx.recordReceipt(source: receipt.source, id: receipt.id, at: now) {
                return (IngestResult(duplicate: true), TransactionWork())
            }
            for entry in catalog { try tx.upsertCatalog(entry, at: now) }
            var work = TransactionWork()
            let byVariant = Dictionary(grouping: events, by: \.variantID)
            for variantID in byVariant.keys.sorted() {
                try self.applyStock(byVariant[variantID]!, variantID: variantID, tx: tx, now: now, work: &work)
            }
            try work.flush(tx, now: now)
            return (IngestResult(duplicate: false, applied: work.applied, stale: work.stale, queued: work.queued), work)
        }
    }

    /// One variant's events, in event-time order so a batch that carries a level and a later
    /// delta combines the way it happened.
    func applyStock(
        _ events: [StockEvent], variantID: String, tx: any StoreTransaction, now: Timestamp,
        work: inout TransactionWork
    ) throws {
        var levels = Dictionary(
            uniqueKeysWithValues: try tx.stockLevels(variant: variantID).map { ($0.locationID, $0) })
        let before = StockLedger.total(levels.values)
        for event in events.sorted(by: { $0.occurredAt < $1.occurredAt }) {
            guard let level = StockLedger.apply(event, to: levels[event.locationID]) else {
                work.stale += 1
                continue
            }
            levels[event.locationID] = level
            try tx.saveStockLevel(level)
            work.applied += 1
        }
        let current = levels.values.sorted { $0.locationID < $1.locationID }
        let after = StockLedger.total(current)
        let edge = StockLedger.transition(
            fromTotal: before, toTotal: after, minAvailable: configuration.minAvailable)
        switch edge {
        case .backInStock?:
            let cycle = try tx.openCycle(variant: variantID) ?? tx.startCycle(variant: variantID, at: now)
            work.cyclesStarted += 1
            try tx.saveCycle(runWave(cycle, levels: current, tx: tx, now: now, work: &work))
        case .soldOut?:
            if let cycle = try tx.openCycle(variant: variantID) {
                try closeCycle(cycle, tx: tx, now: now, work: &work)
            }
        case nil:
            // More stock within an open cycle whose waves had stopped: plan a wave now rather
            // than leave the new units unannounced.
            if after > before, var cycle = try tx.openCycle(variant: variantID), cycle.nextWaveAt == nil,
                try !tx.watches(variantID: variantID, state: .watching, afterPosition: nil, limit: 1).isEmpty
            {
                cycle.nextWaveAt = now
                try tx.saveCycle(cycle)
            }
        }
    }

    /// Stores orders (attribution reads them in a later stage), in the next group commit.
    public func ingest(orders: [OrderEvent], receipt: DeliveryReceipt?) async throws -> IngestResult {
        let now = clock()
        return try await commit { tx in
            if let receipt, try !tx.recordReceipt(source: receipt.source, id: receipt.id, at: now) {
                return (IngestResult(duplicate: true), TransactionWork())
            }
            var work = TransactionWork()
            for order in orders { _ = try tx.saveOrder(order, at: now) }
            work.orders = orders.count
            return (IngestResult(duplicate: false, applied: orders.count), work)
        }
    }

    /// Runs a delivery in the next group commit, then updates the index and metrics.
    func commit(_ body: @escaping GroupCommit.Body) async throws -> IngestResult {
        let (result, work) = try await groupCommit.submit(body)
        if result.duplicate { metrics.duplicate() }
        finish(work)
        return result
    }
}

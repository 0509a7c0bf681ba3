import RestockCore

/// The ingest pipeline (docs/ARCHITECTURE.md §1): what one group commit's deliveries change in the
/// store. A value apart from ``RestockEngine`` so the engine's ``GroupCommit`` can hold it from the
/// engine's first line; it needs only the configuration.
struct IngestPipeline: Sendable {
    let configuration: EngineConfiguration

    /// Applies one group commit's deliveries inside its transaction, in arrival order: their
    /// receipts and the locks on every variant they touch in one statement, those variants'
    /// state through one ``StockBatch``, then each delivery's own consequences (cycle edges,
    /// waves, "sold out again" emails), and the new levels in one statement at the end.
    /// Anything that throws undoes the whole batch; ``GroupCommit`` then retries each delivery
    /// alone.
    func apply(_ requests: [IngestRequest], tx: any StoreTransaction) throws -> [IngestOutcome] {
        var variants = Set<String>()
        for request in requests {
            switch request.content {
            case .stock(let events, _): variants.formUnion(events.map(\.variantID))
            // A purchase converts watches: a wave planned meanwhile must not overwrite that.
            case .orders(let orders): variants.formUnion(orders.flatMap { $0.lines.map(\.variantID) })
            case .platform: break
            }
        }
        var items = try lockItems(requests, tx: tx)
        variants.formUnion(items.variants(of: requests))
        let isNew = try newDeliveries(requests, locking: Array(variants), tx: tx)
        let touched = zip(requests, isNew).flatMap { request, isNew -> [String] in
            guard isNew else { return [] }
            switch request.content {
            case .stock(let events, _): return events.map(\.variantID)
            case .platform: return items.stockVariants(of: request)
            case .orders: return []
            }
        }
        var stock = try StockBatch(variants: touched, tx: tx)
        var outcomes: [IngestOutcome] = []
        outcomes.reserveCapacity(requests.count)
        for (request, isNew) in zip(requests, isNew) {
            guard isNew else {
                outcomes.append((IngestResult(duplicate: true), TransactionWork()))
                continue
            }
            let now = request.now
            var work = TransactionWork()
            switch request.content {
            case .stock(let events, let catalog):
                // The feed's and the generic payload's text, made safe to show (issue 16).
                for entry in catalog { try tx.upsertCatalog(entry.sanitized, at: now) }
                let byVariant = Dictionary(grouping: events, by: \.variantID)
                for variantID in byVariant.keys.sorted() {
                    try applyStock(
                        byVariant[variantID]!, variantID: variantID, stock: &stock, tx: tx, now: now, work: &work)
                }
                try work.flush(tx, now: now)
                outcomes.append(
                    (
                        IngestResult(duplicate: false, applied: work.applied, stale: work.stale, queued: work.queued),
                        work
                    ))
            case .platform(let source, let events):
                let result = try applyPlatform(
                    events, source: source, items: &items, stock: &stock, tx: tx, now: now, work: &work)
                outcomes.append((result, work))
            case .orders(let orders):
                for order in orders { try applyOrder(order, tx: tx, now: now, work: &work) }
                try work.flush(tx, now: now)
                work.orders = orders.count
                outcomes.append(
                    (
                        IngestResult(
                            duplicate: false, applied: orders.count, attributed: work.attributed,
                            converted: work.converted),
                        work
                    ))
            }
        }
        try stock.finish(tx)
        return outcomes
    }

    /// Which requests are not redeliveries (a request without a receipt always is), recorded
    /// together with the locks on `variants`.
    private func newDeliveries(_ requests: [IngestRequest], locking variants: [String], tx: any StoreTransaction)
        throws -> [Bool]
    {
        let keyed = requests.indices.filter { requests[$0].receipt != nil }
        let at = requests.map(\.now).max() ?? .now
        let fresh = try tx.recordReceipts(keyed.map { requests[$0].receipt! }, lockingVariants: variants, at: at)
        var isNew = [Bool](repeating: true, count: requests.count)
        for (index, fresh) in zip(keyed, fresh) { isNew[index] = fresh }
        return isNew
    }

    /// Seconds an event may be dated ahead of this daemon's clock: the default webhook timestamp
    /// tolerance, the clock skew a signed delivery may show. Fixed rather than read from
    /// `restock.webhook.toleranceSeconds`: event times also come from platforms and feeds that
    /// have no such setting.
    static let futureSkew: Double = 300

    /// One variant's events, in event-time order so a batch that carries a level and a later
    /// delta combines the way it happened.
    func applyStock(
        _ events: [StockEvent], variantID: String, stock: inout StockBatch, tx: any StoreTransaction,
        now: Timestamp, work: inout TransactionWork
    ) throws {
        var levels = stock.levels(of: variantID)
        let before = StockLedger.total(levels.values)
        // An event's time orders it against the next: one dated ahead of our clock (a sender's
        // clock running fast, or a wrong date in a signed payload) would make every real update
        // stale until that time came. A time is believed up to `futureSkew` ahead of ours.
        let horizon = now.adding(seconds: Self.futureSkew)
        let events = events.map { event in
            var event = event
            event.occurredAt = min(event.occurredAt, horizon)
            return event
        }
        for event in events.sorted(by: { $0.occurredAt < $1.occurredAt })
        where configuration.counts(location: event.locationID) {
            guard let level = StockLedger.apply(event, to: levels[event.locationID]) else {
                work.stale += 1
                continue
            }
            levels[event.locationID] = level
            stock.save(level)
            work.applied += 1
        }
        let current = levels.values.sorted { $0.locationID < $1.locationID }
        let after = StockLedger.total(current)
        let edge = StockLedger.transition(
            fromTotal: before, toTotal: after, minAvailable: configuration.minAvailable)
        switch edge {
        case .backInStock?:
            let cycle = try stock.openCycle(of: variantID) ?? tx.startCycle(variant: variantID, at: now)
            work.cyclesStarted += 1
            let next = try runWave(cycle, levels: current, tx: tx, now: now, work: &work)
            try tx.saveCycle(next)
            stock.update(next)
        case .soldOut?:
            if let cycle = stock.openCycle(of: variantID) {
                stock.update(try closeCycle(cycle, tx: tx, now: now, work: &work))
            }
        case nil:
            // More stock within an open cycle whose waves had stopped: plan a wave now rather
            // than leave the new units unannounced.
            if after > before, var cycle = stock.openCycle(of: variantID), cycle.nextWaveAt == nil,
                stock.hasWatchers(variantID)
            {
                cycle.nextWaveAt = now
                try tx.saveCycle(cycle)
                stock.update(cycle)
            }
        }
    }
}

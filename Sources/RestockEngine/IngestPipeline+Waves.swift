import RestockCore

extension IngestPipeline {
    var planner: RestockPlanner {
        RestockPlanner(
            perUnit: configuration.perUnit, waveInterval: configuration.waveInterval,
            minAvailable: configuration.minAvailable)
    }

    /// Plans one wave of `cycle` inside `tx`: reads stock again (docs/ARCHITECTURE.md §4: a
    /// sold-out variant gets no further waves), selects the oldest eligible watchers, moves them to
    /// `notified` and queues their emails into `work`. Returns the cycle with its next wave set.
    func runWave(
        _ cycle: RestockCycle, levels: [StockLevel], tx: any StoreTransaction, now: Timestamp,
        work: inout TransactionWork
    ) throws -> RestockCycle {
        var cycle = cycle
        let planner = self.planner
        let total = StockLedger.total(levels)
        guard total > configuration.minAvailable else {
            cycle.nextWaveAt = nil
            return cycle
        }
        let needed = planner.candidatesNeeded(available: total)
        // Twice what is needed, so one page usually suffices even with watchers skipped (each page
        // plans again from the first candidate); everyone (no `per_unit`) is read 100,000
        // watches (about 10 MB) a page.
        let pageSize = needed.map { max(256, min($0, 50_000) * 2) } ?? 100_000
        var candidates: [Watch] = []
        var after: Int64? = nil
        var exhausted = false
        var wave: RestockPlanner.Wave
        repeat {
            let page = try tx.watches(
                variantID: cycle.variantID, state: .watching, afterPosition: after, limit: pageSize)
            if candidates.isEmpty { candidates = page } else { candidates += page }
            after = page.last?.queuePosition ?? after
            exhausted = page.count < pageSize
            wave = planner.plan(
                available: total, levels: levels, candidates: candidates, moreCandidates: !exhausted,
                now: now)
        } while !exhausted && needed.map({ wave.selected.count < $0 }) ?? true

        work.reserve(wave.selected.count, of: .backInStock)
        var effects = WatchEffects()
        for var watch in wave.selected {
            watch.cycleID = cycle.id
            try effects.apply(.selectedInWave, to: &watch, cycleID: cycle.id, now: now, work: &work)
        }
        try effects.execute(tx, now: now)
        cycle.wavesSent += wave.selected.isEmpty ? 0 : 1
        cycle.nextWaveAt = wave.nextWaveAt
        work.waves += wave.selected.isEmpty ? 0 : 1
        return cycle
    }

    /// The variant sold out: close its cycle and tell everyone notified in it who has not bought
    /// that it is gone again, with a link that keeps their place (docs/ARCHITECTURE.md §3); but
    /// only those who were told it was back. What each watch's back-in-stock email became decides
    /// (``WatchLifecycle/soldOut(notification:)``): sent or in flight, a "sold out again" email;
    /// still queued, the email is withdrawn and the watch waits again at its place; failed for
    /// good, nothing more.
    ///
    /// A queued email claimed by a dispatcher between the read and the withdrawal goes out
    /// while its watch waits again: the shopper hears of a restock that ended, as before this
    /// rule, and the watch is told again at the next one; nothing is lost or sent twice.
    @discardableResult
    func closeCycle(
        _ cycle: RestockCycle, tx: any StoreTransaction, now: Timestamp, work: inout TransactionWork
    ) throws -> RestockCycle {
        var cycle = cycle
        cycle.closedAt = now
        cycle.nextWaveAt = nil
        try tx.saveCycle(cycle)
        _ = try tx.recordUnreached(cycleID: cycle.id)
        var after: Int64? = nil
        while true {
            let page = try tx.watches(
                variantID: cycle.variantID, state: .notified, afterPosition: after, limit: 10_000)
            let notification = NotificationStatus.lookup(try tx.backInStockNotifications(watchIDs: page.map(\.id)))
            var effects = WatchEffects()
            for var watch in page {
                let event = WatchLifecycle.soldOut(notification: notification(watch.id, watch.cycleID))
                try effects.apply(event, to: &watch, cycleID: cycle.id, now: now, work: &work)
            }
            try effects.execute(tx, now: now)
            guard page.count == 10_000, let last = page.last else { break }
            after = last.queuePosition
        }
        return cycle
    }
}

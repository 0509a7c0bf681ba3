import Logging
import RestockCore

extension RestockEngine {
    /// Plans every wave that is due now. The wave timer calls it; tests call it with their clock.
    @discardableResult
    public func runDueWaves() async throws -> Int {
        let now = clock()
        let work = try await store.transaction { tx in
            var work = TransactionWork()
            let due = try tx.cyclesDue(at: now, limit: 100)
            // Lock the variants, then read their cycles again: a group commit may have closed
            // one, or planned its next wave, since `cyclesDue` read it.
            _ = try tx.recordReceipts([], lockingVariants: due.map(\.variantID), at: now)
            for stale in due {
                guard let cycle = try tx.openCycle(variant: stale.variantID),
                    let due = cycle.nextWaveAt, due <= now
                else { continue }
                let levels = try tx.stockLevels(variant: cycle.variantID)
                let next = try self.pipeline.runWave(cycle, levels: levels, tx: tx, now: now, work: &work)
                try tx.saveCycle(next)
            }
            try work.flush(tx, now: now)
            return work
        }
        finish(work)
        return work.queued
    }

    /// Metrics and logs after a transaction committed.
    func finish(_ work: TransactionWork) {
        metrics.record(work)
        if work.queued > 0 {
            outboxSignal.notify()
            logger.info(
                "queued notifications",
                metadata: ["restock.outbox.queued": "\(work.queued)", "restock.waves": "\(work.waves)"])
        }
    }
}

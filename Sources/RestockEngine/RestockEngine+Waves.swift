import Logging
import RestockCore

extension RestockEngine {
    /// Plans every wave that is due now. The wave timer calls it; tests call it with their clock.
    @discardableResult
    public func runDueWaves() async throws -> Int {
        let now = clock()
        let work = try await store.transaction { tx in
            var work = TransactionWork()
            for cycle in try tx.cyclesDue(at: now, limit: 100) {
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

    /// Index, metrics and logs after a transaction committed.
    func finish(_ work: TransactionWork) {
        let changes = work.changes
        applyToIndex(changes)
        metrics.record(work, changes: changes)
        if work.queued > 0 {
            logger.info(
                "queued notifications",
                metadata: ["restock.outbox.queued": "\(work.queued)", "restock.waves": "\(work.waves)"])
        }
    }
}

import GRDB
import RestockCore

/// What a group commit reads and claims before applying its deliveries. On SQLite these are
/// loops over the single-row statements: each is an in-process call, with no round trip to save,
/// and the single writer already serialises transactions, so no lock is needed.
extension SQLiteTransaction {
    func recordReceipts(_ receipts: [ReceiptKey], lockingVariants variants: [String], at: Timestamp)
        throws -> [Bool]
    {
        try receipts.map { try recordReceipt(source: $0.source, id: $0.id, at: at) }
    }

    func stockSnapshot(variants: [String]) throws -> StockSnapshot {
        var snapshot = StockSnapshot()
        for variant in Set(variants) {
            let levels = try stockLevels(variant: variant)
            if !levels.isEmpty { snapshot.levels[variant] = levels }
            snapshot.openCycles[variant] = try openCycle(variant: variant)
            if try !watches(variantID: variant, state: .watching, afterPosition: nil, limit: 1).isEmpty {
                snapshot.waiting.insert(variant)
            }
        }
        return snapshot
    }
}

import RestockCore

/// The stock levels, open cycles and waiting watchers of one group commit's variants: locked and
/// read in two statements at its start, changed in memory by each delivery in turn, and written back in
/// one statement at its end. A delivery alone used to read and write them itself, about six
/// round trips on PostgreSQL; a batch of them now costs about as much as one.
///
/// Deliveries are applied in order against this shared state, so two deltas for one variant in
/// one batch combine exactly as two transactions would.
struct StockBatch {
    /// Variant → location → level, as the deliveries so far left them.
    private var levels: [String: [String: StockLevel]] = [:]
    /// Changed levels, in the order they changed; repeats are folded by the store.
    private var changed: [StockLevel] = []
    /// Each variant's open cycle; absent when it has none.
    private var cycles: [String: RestockCycle] = [:]
    /// Variants with someone in state `watching` when the batch started. Deliveries in the
    /// batch only ever move watchers out of that state, so a variant not in it has nobody
    /// waiting at the end either; one that is may get a wave planned that finds nobody, which
    /// costs a query and changes nothing.
    private var waiting: Set<String> = []

    /// Its variants' state, read after ``StoreTransaction/recordReceipts(_:lockingVariants:at:)``
    /// locked them.
    init(variants: [String], tx: any StoreTransaction) throws {
        guard !variants.isEmpty else { return }
        let snapshot = try tx.stockSnapshot(variants: variants)
        for (variant, found) in snapshot.levels {
            levels[variant] = Dictionary(uniqueKeysWithValues: found.map { ($0.locationID, $0) })
        }
        cycles = snapshot.openCycles
        waiting = snapshot.waiting
    }

    func levels(of variant: String) -> [String: StockLevel] { levels[variant] ?? [:] }

    mutating func save(_ level: StockLevel) {
        levels[level.variantID, default: [:]][level.locationID] = level
        changed.append(level)
    }

    func openCycle(of variant: String) -> RestockCycle? { cycles[variant] }

    /// Records what a delivery wrote to the cycle (it has written it to the store already).
    mutating func update(_ cycle: RestockCycle) {
        cycles[cycle.variantID] = cycle.closedAt == nil ? cycle : nil
    }

    /// Whether anyone waited for the variant when the batch started.
    func hasWatchers(_ variant: String) -> Bool { waiting.contains(variant) }

    /// Writes the changed levels.
    func finish(_ tx: any StoreTransaction) throws {
        if !changed.isEmpty { try tx.saveStockLevels(changed) }
    }
}

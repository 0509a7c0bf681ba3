import RestockCore

/// What one transaction decided, gathered while it runs and written in bulk at its end: changed
/// watches in one `saveWatches`, emails in one `enqueue` coalesced per customer. Returned out of
/// the transaction so the metrics count only what committed.
struct TransactionWork: Sendable {
    /// Each changed watch once, in the order first recorded; a watch recorded again replaces
    /// its copy at its slot. An array and a map of slots rather than a map of watches: a wave of
    /// 100,000 then moves each watch once instead of rehashing and sorting whole `Watch` values,
    /// and arrives in queue order, which is nearly id order, so the sort at flush is a pass.
    private(set) var changedWatches: [Watch] = []
    private var changedSlots: [Int64: Int] = [:]
    /// Watches the transaction inserted (already written); they only need counting.
    var inserted: [Watch] = []
    /// Due items by kind; coalesced per customer when flushed.
    var due: [NotificationKind: [(watch: Watch, cycleID: Int64?)]] = [:]
    var queued = 0
    var stale = 0
    var applied = 0
    var cyclesStarted = 0
    var waves = 0
    var orders = 0
    var attributed = 0
    var converted = 0

    mutating func record(_ watch: Watch) {
        if let slot = changedSlots[watch.id] {
            changedWatches[slot] = watch
        } else {
            changedSlots[watch.id] = changedWatches.count
            changedWatches.append(watch)
        }
    }

    /// Room for `count` more changed watches, each due a `kind` email: a wave of 100,000
    /// otherwise regrows both tables about seventeen times (doubling from 1).
    mutating func reserve(_ count: Int, of kind: NotificationKind) {
        changedWatches.reserveCapacity(changedWatches.count + count)
        changedSlots.reserveCapacity(changedWatches.count + count)
        due[kind, default: []].reserveCapacity((due[kind]?.count ?? 0) + count)
    }

    mutating func queue(_ kind: NotificationKind, for watch: Watch, cycleID: Int64?) {
        due[kind, default: []].append((watch, cycleID))
    }

    /// Writes the changed watches and the coalesced outbox rows.
    mutating func flush(_ tx: any StoreTransaction, now: Timestamp) throws {
        if !changedWatches.isEmpty {
            try tx.saveWatches(changedWatches.sorted { $0.id < $1.id })
        }
        var entries: [NewOutboxEntry] = []
        for kind in NotificationKind.allCases {
            guard let items = due[kind], !items.isEmpty else { continue }
            entries += RestockPlanner.coalesce(items, kind: kind, dueAt: now)
        }
        if !entries.isEmpty {
            queued += try tx.enqueue(entries, at: now).compactMap { $0 }.count
        }
        due = [:]
    }

    /// The new state of every watch the transaction inserted or changed, for the metrics.
    var newStates: [WatchState] { (inserted + changedWatches).map(\.state) }
}

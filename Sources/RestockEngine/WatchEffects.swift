import RestockCore

/// Performs what ``WatchLifecycle`` decides (docs/ARCHITECTURE.md §3), inside the caller's
/// transaction: the one place in the engine that queues mail, cancels it or plans a wave because
/// a watch changed state, so the tested table is what production does.
///
/// The machine decides; this adds what only the shell knows: which restock cycle an email is
/// about (the caller's `cycleID`), and the bulk writes. Actions are gathered watch by watch and
/// written as the engine always batched them, so a wave of 100,000 costs the same statements:
/// emails go into the transaction's ``TransactionWork`` (one `enqueue`, coalesced per customer,
/// at its flush), cancellations and wave plans wait for ``execute(_:now:)`` (one
/// `cancelQueuedOutbox`, one plan per variant).
struct WatchEffects {
    /// Watches whose queued mail the next ``execute(_:now:)`` cancels.
    private var cancelling: [Int64] = []
    /// Variants the next ``execute(_:now:)`` plans a wave for, each once, in first-seen order.
    private var planning: [String] = []

    /// Runs `event` on `watch` through the lifecycle, records the changed watch in `work` and
    /// gathers the actions the machine returned. Throws, leaving the watch as it was and
    /// nothing gathered, when the event is not allowed in its state.
    mutating func apply(
        _ event: WatchLifecycle.Event, to watch: inout Watch, cycleID: Int64?, now: Timestamp,
        work: inout TransactionWork
    ) throws {
        let actions = try watch.apply(event, at: now)
        work.record(watch)
        perform(actions, for: watch, cycleID: cycleID, work: &work)
    }

    /// Gathers `actions` for `watch` (a new watch's, from ``WatchLifecycle/initial(doubleOptIn:)``,
    /// or a transition's through ``apply(_:to:cycleID:now:work:)``). `cycleID` is the restock
    /// cycle a queued email is about, `nil` for one about no restock.
    mutating func perform(
        _ actions: [WatchLifecycle.Action], for watch: Watch, cycleID: Int64?, work: inout TransactionWork
    ) {
        for action in actions {
            switch action {
            case .queueEmail(let kind): work.queue(kind, for: watch, cycleID: cycleID)
            case .cancelPendingMail: cancelling.append(watch.id)
            case .planWaveIfOnSale:
                if !planning.contains(watch.variantID) { planning.append(watch.variantID) }
            }
        }
    }

    /// Writes what was gathered since the last call: the cancellations in one call, then a wave
    /// for each variant whose restock is still on sale. The caller holds those variants' locks
    /// (a group commit could otherwise close the cycle under it). Emails are not written here:
    /// the caller's ``TransactionWork/flush(_:now:)`` enqueues them.
    mutating func execute(_ tx: any StoreTransaction, now: Timestamp) throws {
        if !cancelling.isEmpty { _ = try tx.cancelQueuedOutbox(watchIDs: cancelling, at: now) }
        for variant in planning {
            if var cycle = try tx.openCycle(variant: variant), cycle.nextWaveAt == nil {
                cycle.nextWaveAt = now
                try tx.saveCycle(cycle)
            }
        }
        cancelling = []
        planning = []
    }
}

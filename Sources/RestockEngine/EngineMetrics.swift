import CoreMetrics
import Metrics
import RestockCore

/// The engine's swift-metrics instruments. Prometheus appears only where `restockd` bootstraps
/// and serves it; here they are plain swift-metrics handles.
struct EngineMetrics: Sendable {
    let stockEvents = Counter(label: "restock_stock_events_total")
    let staleEvents = Counter(label: "restock_stock_events_stale_total")
    let duplicateDeliveries = Counter(label: "restock_webhook_duplicates_total")
    let orders = Counter(label: "restock_orders_total")
    let outboxQueued = Counter(label: "restock_outbox_queued_total")
    let cyclesStarted = Counter(label: "restock_cycles_started_total")
    let waves = Counter(label: "restock_waves_total")

    /// Counts what a committed transaction did.
    func record(_ work: TransactionWork) {
        stockEvents.increment(by: work.applied)
        staleEvents.increment(by: work.stale)
        outboxQueued.increment(by: work.queued)
        waves.increment(by: work.waves)
        cyclesStarted.increment(by: work.cyclesStarted)
        orders.increment(by: work.orders)
        // One increment per state, not per watch: a wave moves 100,000 watches, and each
        // `Counter(label:dimensions:)` is a registry lookup under a lock.
        var byState: [WatchState: Int] = [:]
        for state in work.newStates { byState[state, default: 0] += 1 }
        for (state, count) in byState { transitions(to: state).increment(by: count) }
    }

    func duplicate() { duplicateDeliveries.increment() }

    func transitions(to state: WatchState) -> Counter {
        Counter(label: "restock_watch_transitions_total", dimensions: [("to", state.rawValue)])
    }
}

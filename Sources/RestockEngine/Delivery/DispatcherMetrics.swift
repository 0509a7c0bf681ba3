import Metrics

/// The dispatcher's swift-metrics instruments; Prometheus serves them where `restockd`
/// bootstraps it.
struct DispatcherMetrics: Sendable {
    /// Outcomes refused because the row's lease had passed to another sender: a dispatcher
    /// stalling past its lease (swapped out, stopped, a clock jump).
    let staleMarks = Counter(label: "restock_outbox_stale_marks_total")
}

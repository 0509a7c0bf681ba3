import Metrics
import RestockMail

/// The dispatcher's swift-metrics instruments; Prometheus serves them where `restockd`
/// bootstraps it.
struct DispatcherMetrics: Sendable {
    /// Outcomes refused because the row's lease had passed to another sender: a dispatcher
    /// stalling past its lease (swapped out, stopped, a clock jump).
    let staleMarks = Counter(label: "restock_outbox_stale_marks_total")
    /// 1 while a fault of the path pauses sending, else 0.
    let paused = Gauge(label: "restock_mail_paused")

    /// Faults of the path met by sends, by ``PathFault/Reason``.
    func pathFault(_ reason: PathFault.Reason) {
        Counter(label: "restock_mail_path_faults_total", dimensions: [("reason", reason.rawValue)]).increment()
    }
}

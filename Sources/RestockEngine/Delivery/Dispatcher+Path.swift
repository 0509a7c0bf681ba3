import CoreMetrics
import Logging
import RestockCore
import RestockMail
import Synchronization

/// The dispatcher's ``PathHealth``, shared by the concurrent sends of a round and read by
/// STATUS=.
final class PathMonitor: Sendable {
    private let health: Mutex<PathHealth>

    init(_ health: PathHealth) { self.health = Mutex(health) }

    func event(_ event: PathHealth.Event) -> PathHealth.Action { health.withLock { $0.event(event) } }

    var pause: PathHealth.Pause? { health.withLock { $0.pause } }
}

extension Dispatcher {
    /// Why mail is paused, since when and until when; `nil` while the path works. For STATUS=
    /// and `/readyz`-style reports: the pause is the dispatcher's own state, not a row.
    public var pause: PathHealth.Pause? { path.pause }

    /// The pause in words for STATUS=, `nil` while mail flows:
    /// `mail paused: relay refused login (535), retrying in 40 s`.
    public var pauseSummary: String? {
        guard let pause else { return nil }
        let wait = pause.secondsToRetry(from: clock())
        return "mail paused: \(pause.fault), " + (wait > 0 ? "retrying in \(wait) s" : "retrying now")
    }

    /// Feeds the path's state machine and carries out what it answers that concerns everyone:
    /// the log line and the paused gauge. What concerns one message (when it is due again) the
    /// caller reads from the returned action.
    @discardableResult
    func pathEvent(_ event: PathHealth.Event) -> PathHealth.Action {
        let action = path.event(event)
        switch action {
        case .pause(let fault, let until):
            metrics.paused.record(1)
            logger.warning(
                "mail paused: \(fault)",
                metadata: [
                    "restock.mail.fault": "\(fault.reason.rawValue)",
                    "restock.mail.retry_in": "\(PathHealth.wholeSeconds(from: clock(), to: until)) s",
                ])
        case .resume(let fault, let since):
            metrics.paused.record(0)
            logger.notice(
                "mail resumed",
                metadata: [
                    "restock.mail.fault": "\(fault.reason.rawValue)",
                    "restock.mail.paused_for": "\(PathHealth.wholeSeconds(from: since, to: clock())) s",
                ])
        case .sendRound, .probe, .wait, .putBack, .none:
            break
        }
        return action
    }

    /// Rows a round claimed but did not start because the path failed meanwhile: back in the
    /// queue, due at the next probe, their attempts not counted.
    func putBack(_ rows: [Claimed], dueAt: Timestamp) async throws {
        guard !rows.isEmpty else { return }
        let at = clock()
        let written = try await store.transaction { tx in
            try rows.map {
                try tx.markOutboxRequeued(id: $0.entry.id, token: $0.entry.leaseToken, dueAt: dueAt, error: nil, at: at)
            }
        }
        for (row, written) in zip(rows, written) where !written { refused(row.entry) }
    }
}

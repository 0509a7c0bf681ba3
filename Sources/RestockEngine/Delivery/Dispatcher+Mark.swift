import CoreMetrics
import Logging
import RestockCore

extension Dispatcher {
    /// One message's outcome, to write in the group commit it shares with the messages that
    /// finished alongside it. Each names the claim it was reached under (`token`, the row's
    /// ``OutboxEntry/leaseToken`` at the claim), and is written only while the row is still
    /// `sending` under that claim.
    enum Mark: Sendable {
        /// `followUpAt`: when the purchase check of the watches a back-in-stock email covers is due.
        /// `stats`: the rollup increments the outcome adds once written.
        case sent(SentMark, followUpAt: Timestamp?, stats: [StatsIncrement])
        case retry(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp)
        case inDoubt(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp)
        /// The path failed, or the round stopped before the message: queued again, the attempt
        /// not counted.
        case requeue(id: Int64, token: Int64, dueAt: Timestamp, error: String?, at: Timestamp)
        /// A bad mailbox also suppresses its customer.
        case failed(
            id: Int64, token: Int64, error: String, at: Timestamp, suppressCustomer: Int64? = nil,
            stats: [StatsIncrement] = [])

        var stats: [StatsIncrement] {
            switch self {
            case .sent(_, _, let stats), .failed(_, _, _, _, _, let stats): stats
            case .retry, .inDoubt, .requeue: []
            }
        }

        /// Writes the outcomes of one group commit: every send in one call, then the other
        /// outcomes one by one, then the purchase checks and rollup increments of those
        /// written, one call each. `false` for a row that was no longer `sending` under our
        /// claim (its lease ran out and another sender took it): such a mark changes nothing,
        /// not even the customer's suppression, since the new owner's outcome stands.
        static func write(_ marks: [Mark], _ tx: any StoreTransaction) throws -> [Bool] {
            var sends: [SentMark] = []
            for case .sent(let send, _, _) in marks { sends.append(send) }
            let sent = try tx.markOutboxSent(sends)
            let written = try marks.map { mark -> Bool in
                switch mark {
                case .sent(let send, _, _):
                    return sent.contains(send.id)
                case .retry(let id, let token, let retryAt, let error, let at):
                    return try tx.markOutboxRetry(id: id, token: token, retryAt: retryAt, error: error, at: at)
                case .inDoubt(let id, let token, let retryAt, let error, let at):
                    return try tx.markOutboxInDoubt(id: id, token: token, retryAt: retryAt, error: error, at: at)
                case .requeue(let id, let token, let dueAt, let error, let at):
                    return try tx.markOutboxRequeued(id: id, token: token, dueAt: dueAt, error: error, at: at)
                case .failed(let id, let token, let error, let at, let customer, _):
                    let marked = try tx.markOutboxFailed(id: id, token: token, error: error, at: at)
                    if marked, let customer { try tx.suppressCustomer(id: customer, at: at) }
                    return marked
                }
            }
            var followUps: [Int64: Timestamp] = [:]
            for (mark, written) in zip(marks, written) where written {
                if case .sent(let send, let followUpAt?, _) = mark { followUps[send.id] = followUpAt }
            }
            _ = try tx.scheduleFollowUps(followUps)
            try tx.addStats(zip(marks, written).flatMap { mark, written in written ? mark.stats : [] })
            return written
        }
    }

    /// Writes one outcome. A mark the store refuses came too late: our lease ran out and
    /// another sender claimed the row, so its outcome stands. That is logged (by outbox id:
    /// never the address) and counted, so an operator sees a dispatcher that stalls past its
    /// lease; it is not an error of this round. Returns whether the mark was written.
    @discardableResult
    func record(_ mark: Mark, for entry: OutboxEntry) async throws -> Bool {
        let written = try await marks.submit(mark)
        if !written { refused(entry) }
        return written
    }

    func refused(_ entry: OutboxEntry) {
        metrics.staleMarks.increment()
        logger.warning(
            "outbox mark refused: the lease ran out and another sender claimed the message",
            metadata: ["restock.outbox.id": "\(entry.id)", "restock.outbox.lease_token": "\(entry.leaseToken)"])
    }
}

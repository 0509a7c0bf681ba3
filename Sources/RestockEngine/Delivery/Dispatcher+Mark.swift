import RestockCore

extension Dispatcher {
    /// One message's outcome, to write in the group commit it shares with the messages that
    /// finished alongside it.
    enum Mark: Sendable {
        /// `followUpAt`: when the purchase check of the watches a back-in-stock email covers is due.
        /// `stats`: the rollup increments the outcome adds once written.
        case sent(
            id: Int64, messageID: String, reply: String, at: Timestamp, followUpAt: Timestamp?, stats: [StatsIncrement])
        case retry(id: Int64, retryAt: Timestamp, error: String, at: Timestamp)
        case inDoubt(id: Int64, retryAt: Timestamp, error: String, at: Timestamp)
        /// A bad mailbox also suppresses its customer.
        case failed(
            id: Int64, error: String, at: Timestamp, suppressCustomer: Int64? = nil, stats: [StatsIncrement] = [])

        var stats: [StatsIncrement] {
            switch self {
            case .sent(_, _, _, _, _, let stats), .failed(_, _, _, _, let stats): stats
            case .retry, .inDoubt: []
            }
        }

        /// Writes the outcomes of one group commit (every send in one call), then the purchase
        /// checks and rollup increments of those written, one call each.
        static func write(_ marks: [Mark], _ tx: any StoreTransaction) throws -> [Bool] {
            let sent = try tx.markOutboxSent(
                marks.compactMap { mark in
                    guard case .sent(let id, let messageID, let reply, let at, _, _) = mark else { return nil }
                    return SentMark(id: id, messageID: messageID, reply: reply, at: at)
                })
            let written = try marks.map { mark in
                if case .sent(let id, _, _, _, _, _) = mark { return sent.contains(id) }
                return try mark.write(tx)
            }
            var followUps: [Int64: Timestamp] = [:]
            for (mark, written) in zip(marks, written) where written {
                if case .sent(let id, _, _, _, let followUpAt?, _) = mark { followUps[id] = followUpAt }
            }
            _ = try tx.scheduleFollowUps(followUps)
            try tx.addStats(zip(marks, written).flatMap { mark, written in written ? mark.stats : [] })
            return written
        }

        /// `false` when the row was no longer `sending` under our claim. The purchase check and
        /// the rollups follow in ``write(_:_:)``, for the whole group commit at once.
        func write(_ tx: any StoreTransaction) throws -> Bool {
            switch self {
            case .sent(let id, let messageID, let reply, let at, _, _):
                return try tx.markOutboxSent(id: id, messageID: messageID, reply: reply, at: at)
            case .retry(let id, let retryAt, let error, let at):
                return try tx.markOutboxRetry(id: id, retryAt: retryAt, error: error, at: at)
            case .inDoubt(let id, let retryAt, let error, let at):
                return try tx.markOutboxInDoubt(id: id, retryAt: retryAt, error: error, at: at)
            case .failed(let id, let error, let at, let customer, _):
                let marked = try tx.markOutboxFailed(id: id, error: error, at: at)
                if let customer { try tx.suppressCustomer(id: customer, at: at) }
                return marked
            }
        }
    }
}

import RestockCore

/// What following a link in an email did; the page the recipient sees says so.
public enum LinkOutcome: String, Sendable, Hashable {
    /// The change was made now.
    case done
    /// Nothing needed doing: a second click, or the state was reached another way.
    case already
    /// The watch's life is over (bought, lapsed, expired, unsubscribed): the link cannot revive it.
    case ended
    /// The token named a row that does not exist (deleted, or a token from another database
    /// signed with the same secret).
    case unknown
}

extension RestockEngine {
    /// `POST /u/…`: the customer wants no more mail. Every live watch of theirs becomes
    /// `unsubscribed` and their queued mail is cancelled (the lifecycle's actions), in one
    /// transaction. The customer is not suppressed: subscribing again later is a new, explicit
    /// consent.
    public func unsubscribe(customerID: Int64) async throws -> LinkOutcome {
        let now = clock()
        return try await store.transaction { tx -> LinkOutcome in
            guard try tx.customer(id: customerID) != nil else { return .unknown }
            let found = try tx.liveWatches(customerID: customerID)
            guard !found.isEmpty else { return .already }
            // The variants' locks, then the watches again: a wave being planned for one of
            // them must not write `notified` over our `unsubscribed`.
            _ = try tx.recordReceipts([], lockingVariants: found.map(\.variantID), at: now)
            var watches = try tx.liveWatches(customerID: customerID)
            guard !watches.isEmpty else { return .already }
            var work = TransactionWork()
            var effects = WatchEffects()
            for index in watches.indices {
                try effects.apply(
                    .unsubscribe, to: &watches[index], cycleID: watches[index].cycleID, now: now, work: &work)
            }
            try work.flush(tx, now: now)
            try tx.addStats(
                try watches.map { try StatsKeys.watch($0, kind: "", tx: tx).increment(.unsubscribes, at: now) })
            try effects.execute(tx, now: now)
            return .done
        }
    }

    /// `POST /r/…` from a "sold out again" email: the watch goes back to `watching` with its
    /// original queue position (docs/ARCHITECTURE.md §3).
    public func resubscribe(watchID: Int64) async throws -> LinkOutcome {
        try await transition(watchID: watchID, on: .resubscribe, from: .soldOutAgain)
    }

    /// `POST /c/…` from a "confirm your alert" email: the double opt-in watch starts watching.
    public func confirm(watchID: Int64) async throws -> LinkOutcome {
        try await transition(watchID: watchID, on: .confirm, from: .pending)
    }

    /// Moves a watch from `state` to `watching` by `event`. A watch that is live in another
    /// state has already got there (or further), so the click is answered as done before.
    func transition(watchID: Int64, on event: WatchLifecycle.Event, from state: WatchState) async throws
        -> LinkOutcome
    {
        let now = clock()
        return try await store.transaction { tx -> LinkOutcome in
            guard let found = try tx.watch(id: watchID) else { return .unknown }
            // The variant's lock first, then the watch again: a group commit could be closing
            // the variant's cycle while this transaction wakes it.
            _ = try tx.recordReceipts([], lockingVariants: [found.variantID], at: now)
            guard var watch = try tx.watch(id: watchID) else { return .unknown }
            guard watch.state == state else { return watch.state.isLive ? .already : .ended }
            var work = TransactionWork()
            var effects = WatchEffects()
            try effects.apply(event, to: &watch, cycleID: watch.cycleID, now: now, work: &work)
            try work.flush(tx, now: now)
            if event == .resubscribe {
                try tx.addStats([try StatsKeys.watch(watch, kind: "", tx: tx).increment(.resubscribes, at: now)])
            }
            try effects.execute(tx, now: now)
            return .done
        }
    }
}

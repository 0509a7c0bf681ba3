import RestockCore

extension RestockEngine {
    /// Checks one transaction runs at most.
    public static let followUpBatch = 500

    /// Runs every purchase check that is due (issue 4, "Follow-up check"): a watch still
    /// `notified` for the cycle it was checked for is `converted` if the customer has since
    /// bought the variant (an order the webhook could not match when it came), else `lapsed`.
    /// The check is marked done in the same transaction, so a restart neither skips nor
    /// repeats one. Returns how many checks ran.
    @discardableResult
    public func runDueFollowUps(limit: Int = followUpBatch) async throws -> Int {
        let now = clock()
        let window = configuration.attribution.clickWindow
        let (checked, work) = try await store.transaction { tx -> (Int, TransactionWork) in
            var work = TransactionWork()
            let due = try tx.dueFollowUps(at: now, limit: limit)
            guard !due.isEmpty else { return (0, work) }
            let watches = try tx.watches(ids: due.map(\.watchID))
            // The variants' locks, then the watches again: a sell-out being applied must not
            // write `sold_out_again` over our `lapsed`, nor we over it.
            _ = try tx.recordReceipts([], lockingVariants: Array(Set(watches.values.map(\.variantID))), at: now)
            let current = try tx.watches(ids: due.map(\.watchID))
            var converted: [Watch] = []
            var effects = WatchEffects()
            for check in due {
                let outcome: FollowUp.Outcome
                if var watch = current[check.watchID], watch.state == .notified, watch.cycleID == check.cycleID {
                    let customer = try tx.customer(id: watch.customerID)
                    let since = watch.notifiedAt ?? check.dueAt.adding(seconds: -window)
                    let event: WatchLifecycle.Event
                    if let email = customer?.email,
                        try tx.hasPurchased(email: email, variantID: watch.variantID, since: since)
                    {
                        event = .purchased
                    } else {
                        event = .windowClosed
                    }
                    try effects.apply(event, to: &watch, cycleID: check.cycleID, now: now, work: &work)
                    if event == .purchased { converted.append(watch) }
                    outcome = event == .purchased ? .converted : .lapsed
                } else {
                    outcome = .settled
                }
                try tx.completeFollowUp(id: check.id, outcome: outcome, at: now)
            }
            try effects.execute(tx, now: now)
            if !converted.isEmpty {
                try tx.addStats(try StatsKeys.conversions(converted, at: now, tx: tx))
            }
            try work.flush(tx, now: now)
            return (due.count, work)
        }
        finish(work)
        return checked
    }
}

extension RestockPlanner {
    /// Groups items that come due together into one email per customer (DESIGN.md §4), so a
    /// customer waiting for three variants that return in one delivery gets one mail, not three.
    ///
    /// Output is deterministic, which keeps the outbox's dedupe keys stable when the same input
    /// is replayed: entries are ordered by customer id, items by watch id then cycle, and an item
    /// given twice appears once.
    public static func coalesce(
        _ items: some Sequence<(customerID: Int64, item: OutboxItem)>, kind: NotificationKind,
        dueAt: Timestamp
    ) -> [NewOutboxEntry] {
        var byCustomer: [Int64: Set<OutboxItem>] = [:]
        for (customerID, item) in items { byCustomer[customerID, default: []].insert(item) }
        return byCustomer.keys.sorted().map { customerID in
            let items = byCustomer[customerID, default: []].sorted {
                ($0.watchID, $0.cycleID ?? .min) < ($1.watchID, $1.cycleID ?? .min)
            }
            return NewOutboxEntry(customerID: customerID, kind: kind, dueAt: dueAt, items: items)
        }
    }

    /// ``coalesce(_:kind:dueAt:)`` for watches and the cycle each email is about.
    public static func coalesce(
        _ due: some Sequence<(watch: Watch, cycleID: Int64?)>, kind: NotificationKind,
        dueAt: Timestamp
    ) -> [NewOutboxEntry] {
        coalesce(
            due.lazy.map { watch, cycleID in
                (
                    customerID: watch.customerID,
                    item: OutboxItem(watchID: watch.id, variantID: watch.variantID, cycleID: cycleID)
                )
            }, kind: kind, dueAt: dueAt)
    }
}

extension RestockPlanner {
    /// Groups items that come due together into one email per customer (docs/ARCHITECTURE.md §4),
    /// so a customer waiting for three variants that return in one delivery gets one mail, not
    /// three.
    ///
    /// Output is deterministic, which keeps the outbox's dedupe keys stable when the same input
    /// is replayed: entries are ordered by customer id, items by watch id then cycle, and an item
    /// given twice appears once.
    ///
    /// One sort of every item by (customer, watch, cycle), then one pass over runs of the same
    /// customer: a restock of 100,000 watchers is 100,000 customers, and a set and a sort per
    /// customer cost a sixth of the client's time in that transaction.
    public static func coalesce(
        _ items: some Sequence<(customerID: Int64, item: OutboxItem)>, kind: NotificationKind,
        dueAt: Timestamp
    ) -> [NewOutboxEntry] {
        var all = Array(items)
        all.sort { a, b in
            (a.customerID, a.item.watchID, a.item.cycleID ?? .min, a.item.variantID)
                < (b.customerID, b.item.watchID, b.item.cycleID ?? .min, b.item.variantID)
        }
        var entries: [NewOutboxEntry] = []
        var start = all.startIndex
        while start < all.endIndex {
            let customerID = all[start].customerID
            var end = start
            var group: [OutboxItem] = []
            while end < all.endIndex, all[end].customerID == customerID {
                // Equal items sort next to each other, so one look back drops repeats.
                if group.last != all[end].item { group.append(all[end].item) }
                end += 1
            }
            entries.append(NewOutboxEntry(customerID: customerID, kind: kind, dueAt: dueAt, items: group))
            start = end
        }
        return entries
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

import RestockCore

/// What a shop would notice of its data, read through the store's public API: watches with
/// their places in the queue, customers, emails with their items, tracking, orders and their
/// credit, stats, demand, stock and the feed's state. Two snapshots are equal when an upgrade
/// lost or changed nothing the shop sees.
struct ShopSnapshot: Equatable, Sendable {
    var watches: [Int64: Watch]
    var customers: [Int64: Customer]
    var outbox: [OutboxEntry]
    /// Each email as `outboxEntry(id:)` reads it, which may take another path than the list.
    var outboxByID: [Int64: OutboxEntry]
    var notifications: [NotificationStatus]
    var links: [TrackedLink]
    var events: [Int64: [TrackingEvent]]
    var personEvents: [String]
    var followUps: [Int64: [FollowUp]]
    var order: OrderEvent?
    var attributions: [Attribution]
    var stats: [StatsGrouping: [StatsRow]]
    var demand: [DemandOrder: [DemandRow]]
    var catalog: [String: CatalogEntry]
    var stock: [String: [StockLevel]]
    var openCycles: [String: RestockCycle]
    var removedVariants: [String]
    var feedPoll: FeedPollState?
    var counts: StoreCounts

    /// Ids and keys beyond what the fixture holds, so nothing it has is left out.
    static let ids = Array(Int64(1)...60)
    static let variants = ["v1", "v2", "v3", "v4"]

    /// Reads `store`; `feedURL` is the one URL the fixture's feed was polled at.
    static func read(_ store: any RestockStore, feedURL: String?) async throws -> ShopSnapshot {
        try await store.transaction { tx in
            let outbox = try tx.outboxEntries(state: nil, limit: 1000)
            var outboxByID: [Int64: OutboxEntry] = [:]
            var events: [Int64: [TrackingEvent]] = [:]
            var personEvents: [String] = []
            for id in ids {
                outboxByID[id] = try tx.outboxEntry(id: id)
                let found = try tx.events(outboxID: id, kind: nil)
                if !found.isEmpty { events[id] = found }
                for kind in TrackingKind.allCases where try tx.hasPersonEvent(outboxID: id, kind: kind) {
                    personEvents.append("\(id) \(kind)")
                }
            }
            var followUps: [Int64: [FollowUp]] = [:]
            for id in ids {
                let found = try tx.followUps(watchID: id)
                if !found.isEmpty { followUps[id] = found }
            }
            var catalog: [String: CatalogEntry] = [:]
            var stock: [String: [StockLevel]] = [:]
            var openCycles: [String: RestockCycle] = [:]
            for variant in variants {
                catalog[variant] = try tx.catalog(variant: variant)
                stock[variant] = try tx.stockLevels(variant: variant)
                openCycles[variant] = try tx.openCycle(variant: variant)
            }
            return ShopSnapshot(
                watches: try tx.watches(ids: ids), customers: try tx.customers(ids: ids), outbox: outbox,
                outboxByID: outboxByID, notifications: try tx.backInStockNotifications(watchIDs: ids),
                links: try ids.compactMap { try tx.link(id: $0) }, events: events, personEvents: personEvents,
                followUps: followUps, order: try tx.order(source: "generic", orderID: "1001"),
                attributions: try tx.attributions(source: "generic", orderID: "1001"),
                stats: try Dictionary(
                    uniqueKeysWithValues: StatsGrouping.allCases.map {
                        ($0, try tx.stats(fromDay: 0, toDay: 1_000_000, groupBy: $0))
                    }),
                demand: try Dictionary(
                    uniqueKeysWithValues: DemandOrder.allCases.map { ($0, try tx.demand(order: $0, limit: 100)) }),
                catalog: catalog, stock: stock, openCycles: openCycles, removedVariants: try tx.removedVariants(),
                feedPoll: try feedURL.flatMap { try tx.feedPoll(url: $0) }, counts: try tx.counts())
        }
    }
}

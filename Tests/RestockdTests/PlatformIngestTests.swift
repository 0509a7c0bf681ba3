import Logging
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

/// The engine's native-delivery path against every store: item levels and the map they need,
/// whichever comes first and however they race, and stock locations.
@Suite struct PlatformIngestTests {
    let clock = TestClock()

    func engine(_ store: any RestockStore, _ configuration: EngineConfiguration = .init()) -> RestockEngine {
        RestockEngine(store: store, configuration: configuration, logger: Logger(label: "test"), clock: clock.function)
    }

    func subscribe(_ engine: RestockEngine, _ email: String, variant: String) async throws {
        _ = try await engine.subscribe(
            SubscribeRequest(
                email: email, variantID: variant, consent: Consent(source: "backend", at: clock.now), trusted: true))
    }

    /// 40 items, each level sent at the same moment as the mapping it needs, from separate
    /// tasks, so on PostgreSQL they land in group commits running side by side: every level
    /// ends up applied, none parked. (The lock that guarantees it is shown deterministically by
    /// the store contract's "locking an item waits for a transaction that is mapping it".)
    @Test(arguments: StoreKind.enabled)
    func aLevelRacingItsMappingIsNeverLeftParked(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store)
            let items = (0..<40).map { "2718783465968840\(10 + $0)" }
            for item in items { try await subscribe(engine, "w\(item)@example.com", variant: "v-\(item)") }
            let at = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for item in items {
                    group.addTask {
                        _ = try await engine.ingest(
                            platform: PlatformEvents(itemLevels: [
                                InventoryItemLevel(itemID: item, locationID: "L1", available: 2, occurredAt: at)
                            ]), source: "shopify", receipt: nil)
                    }
                    group.addTask {
                        _ = try await engine.ingest(
                            platform: PlatformEvents(itemLinks: [
                                InventoryItemLink(itemID: item, variantID: "v-\(item)")
                            ]),
                            source: "shopify", receipt: nil)
                    }
                }
                try await group.waitForAll()
            }
            let (levels, parked, queued) = try await store.transaction { tx in
                (
                    try items.map { try tx.stockLevels(variant: "v-\($0)").map(\.available) },
                    try tx.takeParkedLevels(source: "shopify", itemIDs: items),
                    try tx.outboxEntries(state: nil, limit: 1_000).count
                )
            }
            #expect(levels == Array(repeating: [2], count: items.count))
            #expect(parked.isEmpty)
            #expect(queued == items.count)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func onlyTheConfiguredLocationsCount(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store, .init(stockLocations: ["warehouse"]))
            try await subscribe(engine, "a@example.com", variant: "v1")
            clock.advance(seconds: 1)
            let elsewhere = try await engine.ingest(
                stock: [
                    StockEvent(variantID: "v1", locationID: "shop-floor", change: .absolute(5), occurredAt: clock.now)
                ],
                receipt: nil)
            #expect(elsewhere.queued == 0)
            clock.advance(seconds: 1)
            let here = try await engine.ingest(
                stock: [
                    StockEvent(variantID: "v1", locationID: "warehouse", change: .absolute(1), occurredAt: clock.now)
                ],
                receipt: nil)
            #expect(here.queued == 1)
            let levels = try await store.transaction { try $0.stockLevels(variant: "v1") }
            #expect(levels.map(\.locationID) == ["warehouse"])
        }
    }
}

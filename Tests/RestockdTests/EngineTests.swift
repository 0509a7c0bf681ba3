import Crypto
import Foundation
import Logging
import RestockCore
import RestockEngine
import RestockMail
import RestockTestSupport
import Testing

/// The engine against every store: what a shop would see in its outbox after stock changes.
@Suite struct EngineTests {
    let clock = TestClock()

    func engine(_ store: any RestockStore, _ configuration: EngineConfiguration = .init()) -> RestockEngine {
        RestockEngine(store: store, configuration: configuration, logger: Logger(label: "test"), clock: clock.function)
    }

    func subscribe(_ engine: RestockEngine, _ email: String, variant: String = "v1", quantity: Int = 1) async throws
        -> SubscribeResult
    {
        clock.advance(seconds: 1)
        return try await engine.subscribe(
            SubscribeRequest(
                email: email, variantID: variant, quantity: quantity,
                consent: Consent(source: "backend", at: clock.now), trusted: true))
    }

    func level(_ variant: String, _ available: Int, location: String = "") -> StockEvent {
        clock.advance(seconds: 1)
        return StockEvent(variantID: variant, locationID: location, change: .absolute(available), occurredAt: clock.now)
    }

    /// Sends what is queued, as files: a "sold out again" email follows only a back-in-stock
    /// email that was sent.
    func send(_ store: any RestockStore) async throws {
        let mailer = Mailer(
            configuration: MailerConfiguration(
                from: MailAddress(email: "shop@shop.example"), shop: ShopIdentity(name: "Wool", address: "Leeds")),
            templates: try TemplateSet(), signer: nil,
            transport: FileTransport(directory: NSTemporaryDirectory() + "restock-engine-\(UUID().uuidString)"))
        let dispatcher = Dispatcher(
            store: store, mailer: mailer,
            configuration: DispatcherConfiguration(
                publicURL: "https://restock.shop.example", linkSecret: SymmetricKey(size: .bits256)),
            logger: Logger(label: "test"), clock: clock.function)
        let round = try await dispatcher.dispatchOnce()
        #expect(round.sent == round.claimed)
    }

    func queuedWatchIDs(_ store: any RestockStore, kind: NotificationKind) async throws -> [Int64] {
        try await store.transaction { tx in
            try tx.outboxEntries(state: nil, limit: 100_000).filter { $0.kind == kind }.flatMap {
                $0.items.map(\.watchID)
            }
        }.sorted()
    }

    /// Re-subscribing from "sold out again" puts the watch back in the queue at its old place:
    /// with one unit back, it goes before anyone who subscribed after it, and those still in
    /// `sold_out_again` are in no wave at all.
    @Test(arguments: StoreKind.enabled)
    func aResubscribedWatchIsBackInTheQueueAtItsOldPlace(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store, .init(perUnit: 1, waveInterval: 60))
            var ids: [Int64] = []
            for email in ["a@example.com", "b@example.com", "c@example.com"] {
                ids.append(try await subscribe(engine, email).watchID)
            }
            #expect(try await engine.ingest(stock: [level("v1", 3)], receipt: nil).queued == 3)
            try await send(store)
            #expect(try await engine.ingest(stock: [level("v1", 0)], receipt: nil).queued == 3)
            let late = try await subscribe(engine, "d@example.com").watchID
            #expect(try await engine.resubscribe(watchID: ids[1]) == .done)

            let newest = { @Sendable (since: Int64) async throws -> [Int64] in
                try await store.transaction { tx in
                    try tx.outboxEntries(state: nil, limit: 1_000).filter { $0.id > since && $0.kind == .backInStock }
                        .flatMap { $0.items.map(\.watchID) }
                }
            }
            let last = try await store.transaction {
                try $0.outboxEntries(state: nil, limit: 1_000).map(\.id).max() ?? 0
            }
            #expect(try await engine.ingest(stock: [level("v1", 1)], receipt: nil).queued == 1)
            #expect(try await newest(last) == [ids[1]])
            // The next wave, an interval later, reaches the one who subscribed after it.
            clock.advance(seconds: 61)
            #expect(try await engine.runDueWaves() == 1)
            #expect(try await newest(last) == [ids[1], late])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func threeUnitsAndPerUnitTwoQueueTheSixOldestEligibleWatchers(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store, .init(perUnit: 2, waveInterval: 60))
            var ids: [Int64] = []
            for i in 0..<10 {
                // The third-oldest wants 5 units: with 3 back it cannot be served and must not
                // take a place in the wave.
                ids.append(try await subscribe(engine, "c\(i)@example.com", quantity: i == 2 ? 5 : 1).watchID)
            }
            let result = try await engine.ingest(stock: [level("v1", 3)], receipt: nil)
            let expected = [ids[0], ids[1], ids[3], ids[4], ids[5], ids[6]]
            #expect(result.queued == 6)
            #expect(try await queuedWatchIDs(store, kind: .backInStock) == expected)

            // Stock remains, so the next wave is planned and runs once the interval has passed.
            #expect(try await engine.runDueWaves() == 0)
            clock.advance(seconds: 61)
            #expect(try await engine.runDueWaves() == 3)
            #expect(
                try await queuedWatchIDs(store, kind: .backInStock) == (expected + [ids[7], ids[8], ids[9]]).sorted())
        }
    }

    @Test(arguments: StoreKind.enabled)
    func noFurtherWaveOnceSoldOutAndNotifiedWatchersHearSoldOutAgain(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store, .init(perUnit: 1, waveInterval: 60))
            var ids: [Int64] = []
            for i in 0..<5 { ids.append(try await subscribe(engine, "c\(i)@example.com").watchID) }
            _ = try await engine.ingest(stock: [level("v1", 2)], receipt: nil)
            try await send(store)
            let soldOut = try await engine.ingest(stock: [level("v1", 0)], receipt: nil)
            #expect(soldOut.queued == 2)
            #expect(try await queuedWatchIDs(store, kind: .soldOutAgain) == [ids[0], ids[1]])
            clock.advance(seconds: 120)
            #expect(try await engine.runDueWaves() == 0)
            let watchIDs = ids
            let states = try await store.transaction { tx in try watchIDs.map { try tx.watch(id: $0)!.state } }
            #expect(states == [.soldOutAgain, .soldOutAgain, .watching, .watching, .watching])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func replayingOneDeliveryTenTimesQueuesEachWatchOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store)
            for i in 0..<4 { _ = try await subscribe(engine, "c\(i)@example.com") }
            let event = level("v1", 10)
            var duplicates = 0
            for _ in 0..<10 {
                let result = try await engine.ingest(
                    stock: [event], receipt: DeliveryReceipt(source: "generic", id: "msg_1"))
                duplicates += result.duplicate ? 1 : 0
            }
            #expect(duplicates == 9)
            let entries = try await store.transaction { tx in try tx.outboxEntries(state: nil, limit: 100) }
            #expect(entries.count == 4)
            #expect(Set(entries.flatMap { $0.items.map(\.watchID) }).count == 4)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func staleEventsChangeNothingAndDeltasCombineWithLevels(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store)
            let old = level("v1", 50)
            let current = level("v1", 4)
            let delta = StockEvent(variantID: "v1", change: .delta(-1), occurredAt: clock.now.adding(seconds: 1))
            _ = try await engine.ingest(stock: [current], receipt: nil)
            let stale = try await engine.ingest(stock: [old], receipt: nil)
            #expect(stale.stale == 1 && stale.applied == 0)
            _ = try await engine.ingest(stock: [delta], receipt: nil)
            let levels = try await store.transaction { tx in try tx.stockLevels(variant: "v1") }
            #expect(levels.map(\.available) == [3])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func oneCustomersItemsRestockedTogetherBecomeOneEmail(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store)
            let a = try await subscribe(engine, "ada@example.com", variant: "v1")
            let b = try await subscribe(engine, "ada@example.com", variant: "v2")
            _ = try await subscribe(engine, "bob@example.com", variant: "v2")
            _ = try await engine.ingest(stock: [level("v1", 5), level("v2", 5)], receipt: nil)
            let entries = try await store.transaction { tx in try tx.outboxEntries(state: nil, limit: 100) }
            #expect(entries.count == 2)
            let ada = entries.first { $0.items.count == 2 }
            #expect(ada?.items.map(\.watchID).sorted() == [a.watchID, b.watchID])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func subscribingTwiceKeepsOneWatchAndTheStoreListsTheWatchedVariants(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store)
            let first = try await subscribe(engine, "Ada@Example.com".lowercased())
            let again = try await subscribe(engine, "ada@example.com")
            #expect(first.watchID == again.watchID && first.created && !again.created)
            _ = try await subscribe(engine, "bob@example.com", variant: "v2")
            let (counts, watched) = try await store.transaction { tx in (try tx.counts(), try tx.watchedVariants()) }
            #expect(counts.liveWatches == 2 && counts.watchedVariants == 2)
            #expect(watched == ["v1", "v2"])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aWatcherJoiningDuringARestockIsServedByTheNextWave(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let engine = engine(store, .init(perUnit: nil, waveInterval: 60))
            _ = try await subscribe(engine, "early@example.com")
            #expect(try await engine.ingest(stock: [level("v1", 5)], receipt: nil).queued == 1)
            let late = try await subscribe(engine, "late@example.com")
            #expect(try await engine.runDueWaves() == 1)
            #expect(try await queuedWatchIDs(store, kind: .backInStock).contains(late.watchID))
        }
    }
}

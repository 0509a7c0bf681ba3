import Foundation
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// No follow-up for a notification that was not delivered (issue 16), on both databases: a
/// "sold out again" email goes only to shoppers who were told the variant was back.
@Suite struct SoldOutAgainDeliveryTests {
    static let stores = [StoreKind.sqliteFile, .postgres].filter(StoreKind.enabled.contains)

    /// A shop with Ada and Bob waiting for `v1`, Ada first.
    static func shop(_ made: TestStore) async throws -> TrackedShop {
        let shop = try await TrackedShop(["restock.store.url": try #require(made.url)])
        try await shop.test { client in
            for email in ["ada@example.com", "bob@example.com"] {
                try await shop.subscribe(client, email, variant: "v1", url: "https://wool.example/p/socks")
            }
        }
        return shop
    }

    static func level(_ shop: TrackedShop, _ available: Int) async throws {
        shop.clock.advance(seconds: 1)
        _ = try await shop.daemon.daemon.engine.ingest(
            stock: [StockEvent(variantID: "v1", change: .absolute(available), occurredAt: shop.clock.now)],
            receipt: nil)
    }

    static func outbox(_ shop: TrackedShop, _ kind: NotificationKind) async throws -> [OutboxEntry] {
        try await shop.store.transaction { tx in try tx.outboxEntries(state: nil, limit: 100) }.filter {
            $0.kind == kind
        }
    }

    @Test(arguments: stores)
    func aFailedBackInStockEmailIsNotFollowedBySoldOutAgain(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let shop = try await Self.shop(made)
        // Ada's address bounced since she subscribed: her back-in-stock email fails.
        try await shop.store.transaction { tx in
            try tx.suppressCustomer(id: try #require(try tx.customer(email: "ada@example.com")).id, at: shop.clock.now)
        }
        try await Self.level(shop, 5)
        let round = try await shop.daemon.daemon.dispatcher.dispatchOnce()
        #expect(round.sent == 1 && round.failed == 1)
        try await Self.level(shop, 0)

        let followUps = try await Self.outbox(shop, .soldOutAgain)
        let bob = try #require(try await shop.watch("bob@example.com", "v1"))
        let ada = try #require(try await shop.watch("ada@example.com", "v1"))
        #expect(followUps.flatMap(\.items).map(\.watchID) == [bob.id], "only Bob was told, only Bob hears more")
        #expect(bob.state == .soldOutAgain)
        #expect(ada.state == .lapsed, "nothing more for a notification that failed for good")
        #expect(try await shop.store.transaction { tx in try tx.followUps(watchID: ada.id) }.isEmpty)
    }

    @Test(arguments: stores)
    func aBackInStockEmailStillQueuedAtTheSellOutIsWithdrawnAndTheWatchWaitsAtItsPlace(kind: StoreKind)
        async throws
    {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let shop = try await Self.shop(made)
        let before = try #require(try await shop.watch("ada@example.com", "v1"))
        // Restocked and sold out again before the dispatcher came round (mail paused, a burst).
        try await Self.level(shop, 5)
        #expect(try await Self.outbox(shop, .backInStock).map(\.state) == [.queued, .queued])
        try await Self.level(shop, 0)

        #expect(try await Self.outbox(shop, .backInStock).map(\.state) == [.cancelled, .cancelled])
        #expect(try await Self.outbox(shop, .soldOutAgain).isEmpty)
        let ada = try #require(try await shop.watch("ada@example.com", "v1"))
        #expect(ada.state == .watching && ada.queuePosition == before.queuePosition)
        #expect(try await shop.store.transaction { try $0.counts() }.liveWatches == 2, "both wait again")
        #expect(try await shop.daemon.daemon.dispatcher.dispatchOnce().claimed == 0, "nothing was sent")

        // At the next restock they are told, in their order.
        let mails = try await shop.restockAndSend(["v1"])
        #expect(mails.compactMap(\.to?.address).sorted() == ["ada@example.com", "bob@example.com"])
    }

    @Test(arguments: stores)
    func aSoldOutAgainEmailWaitsForABackInStockEmailInFlightAndFollowsItOnceSent(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let shop = try await Self.shop(made)
        try await Self.level(shop, 5)
        // A dispatcher has both emails in hand, and the variant sells out meanwhile.
        let now = shop.clock.now
        let claimed = try await shop.store.transaction { tx in
            try tx.claimOutbox(now: now, leaseUntil: now.adding(seconds: 300), limit: 10)
        }
        #expect(claimed.count == 2)
        try await Self.level(shop, 0)
        #expect(try await Self.outbox(shop, .soldOutAgain).count == 2, "in flight counts as told, for now")

        // The follow-ups wait while their back-in-stock emails are unresolved...
        var round = try await shop.daemon.daemon.dispatcher.dispatchOnce()
        #expect(round.claimed == 2 && round.retried == 2 && round.sent == 0)
        let waiting = try await Self.outbox(shop, .soldOutAgain)
        #expect(
            waiting.allSatisfy { $0.attempts == 0 && $0.deferredSince == nil },
            "waiting is no refusal: no attempt counted, no give-up clock started")
        // ...the lease runs out, and the back-in-stock emails are sent again and accepted...
        shop.clock.advance(seconds: 301)
        round = try await shop.daemon.daemon.dispatcher.dispatchOnce()
        #expect(try await Self.outbox(shop, .backInStock).map(\.state) == [.sent, .sent])
        // ...and then the follow-ups go out after them.
        shop.clock.advance(seconds: 61)
        round = try await shop.daemon.daemon.dispatcher.dispatchOnce()
        #expect(try await Self.outbox(shop, .soldOutAgain).map(\.state) == [.sent, .sent])
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RestockCore
import Testing

@testable import RestockHTTP
@testable import restockd

/// What a captured Shopify delivery can do when sent again: Shopify's HMAC covers the body and
/// no header, so new event ids, another topic or a late resend must change nothing.
@Suite struct ShopifyWebhookReplayTests {
    static let variant = ShopifyWebhookHTTPTests.variant
    static let orderID = "450789469000000001"

    /// An order of Ada's for one rain jacket, in the shape of Shopify's order webhooks.
    static func order(financial: String, updatedAt: String, cancelledAt: String? = nil) -> String {
        """
        {"id":450789469000000001,"admin_graphql_api_id":"gid://shopify/Order/450789469000000001",\
        "name":"#1002","email":"ada@example.com","currency":"EUR","total_price":"89.00",\
        "financial_status":"\(financial)","cancelled_at":\(cancelledAt.map { "\"\($0)\"" } ?? "null"),\
        "created_at":"2026-12-01T10:00:00Z","updated_at":"\(updatedAt)","landing_site":"/products/rain-jacket",\
        "line_items":[{"id":866550311766439021,"variant_id":\(variant),"quantity":1,"price":"89.00"}]}
        """
    }

    static func post(_ client: some TestClientProtocol, _ body: String, headers: HTTPFields) async throws -> String {
        try await PlatformFixtures.acknowledged(client, "/webhooks/shopify", body, headers: headers)
    }

    @Test func aSignedDeliverySentAgainUnderNewIdsChangesStateOnce() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let inventory = ShopifyWebhookHTTPTests.inventory
        try await daemon.test { client in
            try await ShopifyWebhookHTTPTests.subscribeThree(client)
            try await ShopifyWebhookHTTPTests.mapProduct(client)
            let first = PlatformFixtures.shopify(inventory, topic: "inventory_levels/update", eventID: "evt-1")
            let answer = try await Self.post(client, inventory, headers: first)
            #expect(answer.contains(#""duplicate":false"#) && answer.contains(#""queued":3"#))
            for headers in [
                PlatformFixtures.shopify(inventory, topic: "inventory_levels/update", eventID: "evt-1"),
                PlatformFixtures.shopify(inventory, topic: "inventory_levels/update", eventID: "evt-2"),
                PlatformFixtures.shopify(inventory, topic: "inventory_levels/update", eventID: nil),
                PlatformFixtures.shopify(inventory, topic: "inventory_levels/update", lowerCase: true),
            ] {
                #expect(try await Self.post(client, inventory, headers: headers).contains(#""duplicate":true"#))
            }
        }
        #expect(try await daemon.store.transaction { try $0.outboxEntries(state: nil, limit: 10) }.count == 3)
    }

    @Test func aReplayedOlderOrderStateDoesNotUndoALaterOne() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let clock = daemon.clock
        try await daemon.test { client in
            let paid = Self.order(financial: "paid", updatedAt: PlatformFixtures.time(clock, -600))
            let now = PlatformFixtures.time(clock)
            let cancelled = Self.order(financial: "voided", updatedAt: now, cancelledAt: now)
            _ = try await Self.post(client, paid, headers: PlatformFixtures.shopify(paid, topic: "orders/paid"))
            _ = try await Self.post(
                client, cancelled, headers: PlatformFixtures.shopify(cancelled, topic: "orders/cancelled"))
            let replay = try await Self.post(
                client, paid, headers: PlatformFixtures.shopify(paid, topic: "orders/paid"))
            #expect(replay.contains(#""duplicate":true"#))
        }
        let stored = try await daemon.store.transaction { try $0.order(source: "shopify", orderID: Self.orderID) }
        #expect(stored?.status == "cancelled")
    }

    /// `X-Shopify-Topic` is not signed: a paid order sent as `orders/cancelled` is still paid,
    /// and only an order that says it was cancelled takes its credit back.
    @Test func aPaidOrderRelabelledAsCancelledKeepsItsCredit() async throws {
        let shop = try await TrackedShop(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let clock = shop.clock
        try await shop.test { client in
            try await shop.adaFollowsHerEmail(client, variant: Self.variant)
            let paid = Self.order(financial: "paid", updatedAt: PlatformFixtures.time(clock))
            let placed = try await Self.post(
                client, paid, headers: PlatformFixtures.shopify(paid, topic: "orders/paid"))
            #expect(placed.contains(#""attributed":1"#))

            // The same signed body as a cancellation, under new ids: a duplicate.
            let relabelled = PlatformFixtures.shopify(paid, topic: "orders/cancelled")
            #expect(try await Self.post(client, paid, headers: relabelled).contains(#""duplicate":true"#))
            // A later state of the order, still paid, under the cancellation topic: still paid.
            clock.advance(seconds: 60)
            let later = Self.order(financial: "paid", updatedAt: PlatformFixtures.time(clock))
            _ = try await Self.post(client, later, headers: PlatformFixtures.shopify(later, topic: "orders/cancelled"))
            #expect(try await shop.credits(source: "shopify", orderID: Self.orderID).count == 1)
            let stored = try await shop.store.transaction { try $0.order(source: "shopify", orderID: Self.orderID) }
            #expect(stored?.status == "paid")

            // What the order itself says counts: a real cancellation takes the credit back.
            clock.advance(seconds: 60)
            let now = PlatformFixtures.time(clock)
            let cancelled = Self.order(financial: "voided", updatedAt: now, cancelledAt: now)
            _ = try await Self.post(
                client, cancelled, headers: PlatformFixtures.shopify(cancelled, topic: "orders/cancelled"))
            #expect(try await shop.credits(source: "shopify", orderID: Self.orderID).isEmpty)
        }
    }

    /// A delivery whose signed `updated_at` is older than `restock.webhook.maxAgeSeconds` (48 h
    /// by default, longer than Shopify's 4 hours of retries) is acknowledged and ignored.
    @Test func aDeliveryDatedBeforeTheWindowIsAcknowledgedAndChangesNothing() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let clock = daemon.clock
        let level = ShopifyWebhookHTTPTests.inventory.replacingOccurrences(
            of: "2026-12-01T09:00:00-05:00", with: PlatformFixtures.time(clock, -3 * 86_400))
        try await daemon.test { client in
            try await ShopifyWebhookHTTPTests.subscribeThree(client)
            try await ShopifyWebhookHTTPTests.mapProduct(client)
            let before = try await daemon.snapshot()
            let old = try await client.post(
                "/webhooks/shopify", level, headers: PlatformFixtures.shopify(level, topic: "inventory_levels/update"))
            #expect(old.status == .accepted)
            #expect(String(buffer: old.body).contains("restock.webhook.maxAgeSeconds"))
            let paid = Self.order(financial: "paid", updatedAt: PlatformFixtures.time(clock, -3 * 86_400))
            let oldOrder = try await client.post(
                "/webhooks/shopify", paid, headers: PlatformFixtures.shopify(paid, topic: "orders/paid"))
            #expect(oldOrder.status == .accepted)
            #expect(try await daemon.snapshot() == before)

            // Within the window, the same level applies.
            let fresh = level.replacingOccurrences(
                of: PlatformFixtures.time(clock, -3 * 86_400), with: PlatformFixtures.time(clock, -5 * 3_600))
            let applied = try await Self.post(
                client, fresh, headers: PlatformFixtures.shopify(fresh, topic: "inventory_levels/update"))
            #expect(applied.contains(#""queued":3"#))
        }
        #expect(try await daemon.store.transaction { try $0.order(source: "shopify", orderID: Self.orderID) } == nil)
    }

    @Test func theWindowIsConfigurable() async throws {
        var settings = PlatformFixtures.settings
        settings["restock.webhook.maxAgeSeconds"] = "14400"
        let daemon = try await TestDaemon(settings, clock: PlatformFixtures.clock())
        let clock = daemon.clock
        try await daemon.test { client in
            let paid = Self.order(financial: "paid", updatedAt: PlatformFixtures.time(clock, -5 * 3_600))
            let old = try await client.post(
                "/webhooks/shopify", paid, headers: PlatformFixtures.shopify(paid, topic: "orders/paid"))
            #expect(old.status == .accepted)
        }
        #expect(try await daemon.store.transaction { try $0.order(source: "shopify", orderID: Self.orderID) } == nil)
    }

    /// A topic Restock does not use is logged once, so a shop sees it. The topic header is not
    /// signed: one captured delivery resent under endlessly many made-up topics must not make
    /// Restock remember (and log) each of them.
    @Test func madeUpTopicsOnACapturedDeliveryAreRememberedOnlyUpToACap() async throws {
        let topics = IgnoredTopics()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        for index in 0..<5_000 {
            topics.note("made/up-\(index)-" + String(repeating: "x", count: 1_000), source: "shopify", logger: logger)
        }
        #expect(topics.count == IgnoredTopics.maxRemembered)
    }

    @Test func aBodySentUnderAnotherTypesTopicIsRefusedAndChangesNothing() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let order = Self.order(financial: "paid", updatedAt: PlatformFixtures.time(daemon.clock))
        let product = ShopifyWebhookHTTPTests.product
        try await daemon.test { client in
            try await ShopifyWebhookHTTPTests.subscribeThree(client)
            let before = try await daemon.snapshot()
            for (body, topic) in [
                (product, "orders/create"), (product, "orders/cancelled"), (product, "refunds/create"),
                (order, "products/update"), (order, "inventory_levels/update"),
                (ShopifyWebhookHTTPTests.inventory, "products/update"),
            ] {
                let answer = try await client.post(
                    "/webhooks/shopify", body, headers: PlatformFixtures.shopify(body, topic: topic))
                #expect(answer.status == .badRequest, "\(topic)")
            }
            #expect(try await daemon.snapshot() == before)
        }
        let (catalog, stored) = try await daemon.store.transaction { tx in
            (try tx.catalog(variant: Self.variant), try tx.order(source: "shopify", orderID: Self.orderID))
        }
        #expect(catalog == nil && stored == nil)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import Testing

@testable import restockd

/// What a captured WooCommerce delivery can do when sent again: WooCommerce's HMAC covers the
/// body and no header, so new webhook or delivery ids, another topic or a late resend must
/// change nothing.
@Suite struct WooCommerceWebhookReplayTests {
    static let variant = WooCommerceWebhookHTTPTests.variant
    static let orderID = "8812"

    /// WooCommerce writes `*_gmt` times in UTC without a zone.
    static func gmt(_ clock: TestClock, _ seconds: Double = 0) -> String {
        String(PlatformFixtures.time(clock, seconds).dropLast())
    }

    /// Ada's order for one hat, as `GET /wc/v3/orders/8812` returns it.
    static func order(status: String, modified: String) -> String {
        """
        {"id":8812,"parent_id":0,"status":"\(status)","currency":"PLN","total":"59.90",\
        "order_key":"wc_order_Qk3Xr9","date_created_gmt":"2026-12-01T09:00:00","date_modified_gmt":"\(modified)",\
        "billing":{"first_name":"Ada","email":"ada@example.com"},\
        "line_items":[{"id":31,"product_id":4242,"variation_id":\(variant),"quantity":1,\
        "subtotal":"59.90","total":"59.90","price":59.9}],"meta_data":[]}
        """
    }

    static func post(_ client: some TestClientProtocol, _ body: String, headers: HTTPFields) async throws -> String {
        try await PlatformFixtures.acknowledged(client, "/webhooks/woocommerce", body, headers: headers)
    }

    @Test func aSignedDeliverySentAgainUnderNewIdsChangesStateOnce() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let out = WooCommerceWebhookHTTPTests.variation(stock: 0, status: "outofstock", modified: "2026-12-01T08:00:00")
        let back = WooCommerceWebhookHTTPTests.variation(stock: 4, status: "instock")
        try await daemon.test { client in
            #expect(try await client.subscribe("ala@example.com", variant: Self.variant).status == .accepted)
            _ = try await Self.post(client, out, headers: PlatformFixtures.woo(out, topic: "product.updated"))
            let first = try await Self.post(client, back, headers: PlatformFixtures.woo(back, topic: "product.updated"))
            #expect(first.contains(#""queued":1"#))
            for headers in [
                PlatformFixtures.woo(back, topic: "product.updated", webhookID: "13", deliveryID: "9c1d4e"),
                PlatformFixtures.woo(back, topic: "product.created", webhookID: "14", deliveryID: "77aa01"),
            ] {
                #expect(try await Self.post(client, back, headers: headers).contains(#""duplicate":true"#))
            }
            // The sold-out state sent again under a new webhook id does not sell it out again.
            let stale = PlatformFixtures.woo(out, topic: "product.updated", webhookID: "15", deliveryID: "0b0b0b")
            #expect(try await Self.post(client, out, headers: stale).contains(#""duplicate":true"#))
        }
        let (levels, entries) = try await daemon.store.transaction { tx in
            (try tx.stockLevels(variant: Self.variant), try tx.outboxEntries(state: nil, limit: 10))
        }
        #expect(levels.map(\.available) == [4])
        #expect(entries.count == 1)
    }

    /// `X-WC-Webhook-Topic` is not signed: an order's status is its own `status`, whatever the
    /// topic, and only an order that says it was cancelled takes its credit back.
    @Test func aPaidOrderRelabelledKeepsItsCredit() async throws {
        let shop = try await TrackedShop(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let clock = shop.clock
        try await shop.test { client in
            try await shop.adaFollowsHerEmail(client, variant: Self.variant)
            let paid = Self.order(status: "processing", modified: Self.gmt(clock))
            let placed = try await Self.post(
                client, paid, headers: PlatformFixtures.woo(paid, topic: "order.created"))
            #expect(placed.contains(#""attributed":1"#))

            #expect(
                try await Self.post(client, paid, headers: PlatformFixtures.woo(paid, topic: "order.updated"))
                    .contains(#""duplicate":true"#))
            clock.advance(seconds: 60)
            let later = Self.order(status: "completed", modified: Self.gmt(clock))
            var relabelled = PlatformFixtures.woo(later, topic: "order.updated")
            relabelled[HTTPField.Name("X-WC-Webhook-Event")!] = "deleted"
            _ = try await Self.post(client, later, headers: relabelled)
            #expect(try await shop.credits(source: "woocommerce", orderID: Self.orderID).count == 1)

            clock.advance(seconds: 60)
            let cancelled = Self.order(status: "cancelled", modified: Self.gmt(clock))
            _ = try await Self.post(client, cancelled, headers: PlatformFixtures.woo(cancelled, topic: "order.updated"))
            #expect(try await shop.credits(source: "woocommerce", orderID: Self.orderID).isEmpty)
        }
    }

    /// An order's `date_modified_gmt` moves with every status change, so an order dated before
    /// the window is a replay or a long-lost delivery: acknowledged, and ignored.
    @Test func anOrderDatedBeforeTheWindowIsAcknowledgedAndChangesNothing() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let old = Self.order(status: "processing", modified: Self.gmt(daemon.clock, -3 * 86_400))
        try await daemon.test { client in
            let answer = try await client.post(
                "/webhooks/woocommerce", old, headers: PlatformFixtures.woo(old, topic: "order.created"))
            #expect(answer.status == .accepted)
            #expect(String(buffer: answer.body).contains("restock.webhook.maxAgeSeconds"))
        }
        #expect(try await daemon.store.transaction { try $0.counts() }.orders == 0)
    }

    /// A product's `date_modified_gmt` does not move when only its stock does, so a product
    /// untouched for months still sends current stock: no window applies to it.
    @Test func aProductUntouchedForMonthsStillUpdatesItsStock() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let back = WooCommerceWebhookHTTPTests.variation(stock: 2, status: "instock", modified: "2026-06-01T09:00:00")
        try await daemon.test { client in
            #expect(try await client.subscribe("ala@example.com", variant: Self.variant).status == .accepted)
            let answer = try await Self.post(
                client, back, headers: PlatformFixtures.woo(back, topic: "product.updated"))
            #expect(answer.contains(#""queued":1"#))
        }
    }

    @Test func aBodySentUnderAnotherTypesTopicIsRefusedAndChangesNothing() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let order = Self.order(status: "processing", modified: Self.gmt(daemon.clock))
        let product = WooCommerceWebhookHTTPTests.variation(stock: 4, status: "instock")
        try await daemon.test { client in
            #expect(try await client.subscribe("ala@example.com", variant: Self.variant).status == .accepted)
            let before = try await daemon.snapshot()
            for (body, topic) in [
                (order, "product.updated"), (order, "product.created"), (product, "order.created"),
                (product, "order.updated"),
            ] {
                let answer = try await client.post(
                    "/webhooks/woocommerce", body, headers: PlatformFixtures.woo(body, topic: topic))
                #expect(answer.status == .badRequest, "\(topic)")
            }
            #expect(try await daemon.snapshot() == before)
        }
        #expect(try await daemon.store.transaction { try $0.catalog(variant: Self.orderID) } == nil)
    }
}

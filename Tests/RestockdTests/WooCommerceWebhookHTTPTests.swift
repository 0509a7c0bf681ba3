import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import Testing

@testable import restockd

/// `POST /webhooks/woocommerce` through the real router, with deliveries in WooCommerce's shape.
@Suite struct WooCommerceWebhookHTTPTests {
    static let variant = "271878346596884015"

    static func variation(stock: Int?, status: String, modified: String = "2026-12-01T09:00:00") -> String {
        """
        {"id":271878346596884015,"parent_id":4242,"type":"variation","status":"publish",\
        "name":"Wool hat - Red","sku":"HAT-RED","permalink":"https://shop.example/product/wool-hat/?attribute_pa_color=red",\
        "price":"59.90","regular_price":"59.90","manage_stock":true,\
        "stock_quantity":\(stock.map(String.init) ?? "null"),"stock_status":"\(status)",\
        "date_modified":"2026-12-01T10:00:00","date_modified_gmt":"\(modified)",\
        "image":{"id":77,"src":"https://shop.example/wp-content/uploads/hat-red.jpg"},\
        "attributes":[{"id":1,"name":"Color","option":"Red"}]}
        """
    }

    @Test func theSavePingIsAnswered200AndRecordsNothing() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        try await daemon.test { client in
            let before = try await daemon.snapshot()
            let ping = try await client.post(
                "/webhooks/woocommerce", "webhook_id=12",
                headers: [.contentType: "application/x-www-form-urlencoded", .userAgent: "WooCommerce/9.4 Hookshot"])
            #expect(ping.status == .ok)
            #expect(try await daemon.snapshot() == before)
            // A JSON body without a signature is no ping.
            let unsigned = Self.variation(stock: 4, status: "instock")
            let refused = try await client.post(
                "/webhooks/woocommerce", unsigned, headers: [.contentType: "application/json"])
            #expect(refused.status == .unauthorized)
        }
        // No receipt was kept for the ping: its key is still new.
        let key = ReceiptKey(source: "woocommerce", signedBody: Data("webhook_id=12".utf8))
        let fresh = try await daemon.store.transaction {
            try $0.recordReceipt(source: key.source, id: key.id, at: .now)
        }
        #expect(fresh)
    }

    @Test func aVariationBackInStockNotifiesItsWatchersOnceAndDedupesWithoutTheDeliveryId() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        try await daemon.test { client in
            for email in ["ala@example.com", "bob@example.com", "cy@example.com"] {
                #expect(try await client.subscribe(email, variant: Self.variant).status == .accepted)
            }
            let out = Self.variation(stock: 0, status: "outofstock", modified: "2026-12-01T08:00:00")
            let outAnswer = try await client.post(
                "/webhooks/woocommerce", out, headers: PlatformFixtures.woo(out, topic: "product.updated"))
            #expect(outAnswer.status == .ok)
            #expect(String(buffer: outAnswer.body).contains(#""queued":0"#))

            let back = Self.variation(stock: 4, status: "instock")
            let first = try await client.post(
                "/webhooks/woocommerce", back, headers: PlatformFixtures.woo(back, topic: "product.updated"))
            #expect(String(buffer: first.body).contains(#""queued":3"#))
            // The same event again carries the same delivery id WooCommerce reuses within a
            // second; it is recognised by its signed body instead.
            let again = try await client.post(
                "/webhooks/woocommerce", back, headers: PlatformFixtures.woo(back, topic: "product.updated"))
            #expect(String(buffer: again.body).contains(#""duplicate":true"#))

            let bad = PlatformFixtures.woo(back, topic: "product.updated", secret: "not the secret")
            #expect(try await client.post("/webhooks/woocommerce", back, headers: bad).status == .unauthorized)
            let unknown = #"{"id":5}"#
            let coupon = try await client.post(
                "/webhooks/woocommerce", unknown, headers: PlatformFixtures.woo(unknown, topic: "coupon.created"))
            #expect(coupon.status == .accepted)
        }
        let (levels, entries, catalog) = try await daemon.store.transaction { tx in
            (
                try tx.stockLevels(variant: Self.variant), try tx.outboxEntries(state: nil, limit: 10),
                try tx.catalog(variant: Self.variant)
            )
        }
        #expect(levels.map(\.available) == [4])
        #expect(entries.count == 3)
        #expect(catalog?.variantTitle == "Red")
        #expect(catalog?.priceMinor == 5990 && catalog?.currency == "PLN")
        #expect(catalog?.url == "https://shop.example/product/wool-hat/?attribute_pa_color=red")
    }

    @Test(arguments: [false, true])
    func onBackorderCountsAsInStockOnlyWhenConfigured(available: Bool) async throws {
        var settings = PlatformFixtures.settings
        settings["restock.woocommerce.backorderAvailable"] = available ? "true" : "false"
        let daemon = try await TestDaemon(settings, clock: PlatformFixtures.clock())
        try await daemon.test { client in
            #expect(try await client.subscribe("ala@example.com", variant: Self.variant).status == .accepted)
            let backorder = Self.variation(stock: 0, status: "onbackorder")
            let answer = try await client.post(
                "/webhooks/woocommerce", backorder, headers: PlatformFixtures.woo(backorder, topic: "product.updated"))
            #expect(String(buffer: answer.body).contains(available ? #""queued":1"# : #""queued":0"#))
        }
    }

    @Test func aCancelledOrderUpdateKeepsTheIdAndTheStatus() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        @Sendable func order(_ status: String, modified: String) -> String {
            """
            {"id":271878346596884015,"status":"\(status)","currency":"PLN","total":"119.80",\
            "date_created_gmt":"2026-12-01T09:00:00","date_modified_gmt":"\(modified)",\
            "billing":{"first_name":"Ala","email":"ala@example.com"},\
            "line_items":[{"id":1,"product_id":4242,"variation_id":271878346596884015,"quantity":2,\
            "subtotal":"119.80","total":"119.80","price":59.9}],\
            "meta_data":[{"id":9,"key":"_wc_order_attribution_source_type","value":"typein"}]}
            """
        }
        try await daemon.test { client in
            let placed = order("processing", modified: "2026-12-01T09:00:00")
            let created = try await client.post(
                "/webhooks/woocommerce", placed, headers: PlatformFixtures.woo(placed, topic: "order.created"))
            #expect(created.status == .ok)
            let cancelled = order("cancelled", modified: "2026-12-01T11:00:00")
            let updated = try await client.post(
                "/webhooks/woocommerce", cancelled, headers: PlatformFixtures.woo(cancelled, topic: "order.updated"))
            #expect(updated.status == .ok)
        }
        let stored = try await daemon.store.transaction {
            try $0.order(source: "woocommerce", orderID: "271878346596884015")
        }
        #expect(stored?.status == "cancelled")
        #expect(stored?.lines.map(\.variantID) == [Self.variant])
        #expect(stored?.lines.map(\.priceMinor) == [5990])
        #expect(stored?.totalMinor == 11980 && stored?.currency == "PLN")
    }
}

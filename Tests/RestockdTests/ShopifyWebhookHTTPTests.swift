import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import Testing

@testable import restockd

/// `POST /webhooks/shopify` through the real router, with deliveries in Shopify's shape.
@Suite struct ShopifyWebhookHTTPTests {
    static let variant = "271878346596884015"
    static let item = "271878346596884016"

    static let inventory = """
        {"inventory_item_id":271878346596884016,"location_id":655441491,"available":3,\
        "updated_at":"2026-12-01T09:00:00-05:00",\
        "admin_graphql_api_id":"gid://shopify/InventoryLevel/655441491?inventory_item_id=271878346596884016"}
        """
    static let product = """
        {"id":788032119674292922,"title":"Rain jacket","handle":"rain-jacket","status":"active",\
        "updated_at":"2026-12-01T08:00:00-05:00",\
        "variants":[{"id":271878346596884015,"product_id":788032119674292922,"title":"Yellow / M",\
        "price":"89.00","sku":"RJ-Y-M","position":1,"inventory_policy":"deny",\
        "inventory_item_id":271878346596884016,"inventory_quantity":3,"image_id":null}],\
        "images":[{"id":1001,"product_id":788032119674292922,"position":1,\
        "src":"https://cdn.shopify.com/s/files/1/rain-jacket.jpg"}],\
        "image":{"id":1001,"src":"https://cdn.shopify.com/s/files/1/rain-jacket.jpg"}}
        """

    static func subscribeThree(_ client: some TestClientProtocol) async throws {
        for email in ["ala@example.com", "bob@example.com", "cy@example.com"] {
            #expect(try await client.subscribe(email, variant: variant).status == .accepted)
        }
    }

    /// Delivers `products/update`, which maps the item to the variant.
    static func mapProduct(_ client: some TestClientProtocol) async throws {
        let response = try await client.post(
            "/webhooks/shopify", product, headers: PlatformFixtures.shopify(product, topic: "products/update"))
        #expect(response.status == .ok)
    }

    @Test func anInventoryUpdateBeforeItsProductUpdateStillRestocksTheRightVariant() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        try await daemon.test { client in
            try await Self.subscribeThree(client)
            let early = try await client.post(
                "/webhooks/shopify", Self.inventory,
                headers: PlatformFixtures.shopify(Self.inventory, topic: "inventory_levels/update"))
            #expect(early.status == .ok)
            #expect(String(buffer: early.body).contains(#""parked":1"#))
            #expect(String(buffer: early.body).contains(#""queued":0"#))
            #expect(try await daemon.store.transaction { try $0.stockLevels(variant: Self.variant) }.isEmpty)

            let mapped = try await client.post(
                "/webhooks/shopify", Self.product,
                headers: PlatformFixtures.shopify(Self.product, topic: "products/update"))
            #expect(mapped.status == .ok)
            #expect(String(buffer: mapped.body).contains(#""queued":3"#))
        }
        let (levels, entries, catalog) = try await daemon.store.transaction { tx in
            (
                try tx.stockLevels(variant: Self.variant), try tx.outboxEntries(state: nil, limit: 10),
                try tx.catalog(variant: Self.variant)
            )
        }
        #expect(levels.map { [$0.variantID, $0.locationID, "\($0.available)"] } == [[Self.variant, "655441491", "3"]])
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0.items.map(\.variantID) == [Self.variant] })
        #expect(catalog?.productTitle == "Rain jacket")
        #expect(catalog?.variantTitle == "Yellow / M")
        #expect(catalog?.imageURL == "https://cdn.shopify.com/s/files/1/rain-jacket.jpg")
        #expect(catalog?.priceMinor == 8900 && catalog?.currency == "EUR")
    }

    @Test func onceMappedALevelAppliesAtOnceAndAnOlderOneIsStale() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        try await daemon.test { client in
            try await Self.subscribeThree(client)
            try await Self.mapProduct(client)
            let restock = try await client.post(
                "/webhooks/shopify", Self.inventory,
                headers: PlatformFixtures.shopify(Self.inventory, topic: "inventory_levels/update", lowerCase: true))
            #expect(String(buffer: restock.body).contains(#""queued":3"#))
            #expect(!String(buffer: restock.body).contains(#""parked":1"#))

            // Shopify retries with the original payload: an older level must not overwrite.
            let older = Self.inventory.replacingOccurrences(of: #""available":3"#, with: #""available":0"#)
                .replacingOccurrences(of: "2026-12-01T09:00:00", with: "2026-12-01T08:30:00")
            let stale = try await client.post(
                "/webhooks/shopify", older, headers: PlatformFixtures.shopify(older, topic: "inventory_levels/update"))
            #expect(String(buffer: stale.body).contains(#""stale":1"#))
        }
        let level = try await daemon.store.transaction { try $0.stockLevels(variant: Self.variant) }
        #expect(level.map(\.available) == [3])
    }

    @Test func badSignaturesAreRefusedAndTheAdminKeyOnlyOnItsOwnPath() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        try await daemon.test { client in
            try await Self.subscribeThree(client)
            let before = try await daemon.snapshot()
            var forged = PlatformFixtures.shopify(Self.product, topic: "products/update", secret: "someone else's")
            #expect(try await client.post("/webhooks/shopify", Self.product, headers: forged).status == .unauthorized)
            forged = PlatformFixtures.shopify(Self.product, topic: "products/update")
            let tampered = Self.product.replacingOccurrences(of: "89.00", with: "0.01")
            #expect(try await client.post("/webhooks/shopify", tampered, headers: forged).status == .unauthorized)
            forged[HTTPField.Name("X-Shopify-Hmac-Sha256")!] = nil
            #expect(try await client.post("/webhooks/shopify", Self.product, headers: forged).status == .unauthorized)
            let admin = PlatformFixtures.shopify(
                Self.product, topic: "products/update", secret: PlatformFixtures.shopifyAdminSecret)
            #expect(try await client.post("/webhooks/shopify", Self.product, headers: admin).status == .unauthorized)
            #expect(try await daemon.snapshot() == before)
            #expect(try await daemon.store.transaction { try $0.catalog(variant: Self.variant) } == nil)

            #expect(try await client.post("/webhooks/shopify/admin", Self.product, headers: admin).status == .ok)
            // The secret being rotated out still verifies.
            let old = PlatformFixtures.shopify(
                Self.inventory, topic: "inventory_levels/update", secret: PlatformFixtures.shopifyPreviousSecret)
            #expect(try await client.post("/webhooks/shopify", Self.inventory, headers: old).status == .ok)
        }
        #expect(try await daemon.store.transaction { try $0.outboxEntries(state: nil, limit: 10) }.count == 3)
    }

    @Test func ordersKeepTheirIdsAndTheTrackingParameterAndUnknownTopicsAreAccepted() async throws {
        let daemon = try await TestDaemon(PlatformFixtures.settings, clock: PlatformFixtures.clock())
        let order = """
            {"id":271878346596884015,"name":"#1001","email":"Ala@Example.com","currency":"EUR",\
            "total_price":"178.00","created_at":"2026-12-01T10:00:00+01:00",\
            "updated_at":"2026-12-01T10:00:00+01:00","financial_status":"pending","cancelled_at":null,\
            "landing_site":"/products/rain-jacket?variant=271878346596884015&restock=TOKEN-123",\
            "customer":{"id":115310627314723954,"email":"ala@example.com"},\
            "line_items":[{"id":866550311766439020,"variant_id":271878346596884015,"quantity":2,"price":"89.00"},\
            {"id":141249953214522974,"variant_id":null,"quantity":1,"price":"5.00","title":"Gift wrap"}]}
            """
        // Cancelled an hour later: the order says so itself.
        let later = "2026-12-01T11:00:00+01:00"
        let cancelled = order.replacingOccurrences(of: #""cancelled_at":null"#, with: #""cancelled_at":"\#(later)""#)
            .replacingOccurrences(of: #""updated_at":"2026-12-01T10:00:00+01:00""#, with: #""updated_at":"\#(later)""#)
        try await daemon.test { client in
            let placed = try await client.post(
                "/webhooks/shopify", order, headers: PlatformFixtures.shopify(order, topic: "orders/create"))
            #expect(placed.status == .ok)
            let cancel = try await client.post(
                "/webhooks/shopify", cancelled, headers: PlatformFixtures.shopify(cancelled, topic: "orders/cancelled"))
            #expect(cancel.status == .ok)
            let other = #"{"id":1}"#
            let ignored = try await client.post(
                "/webhooks/shopify", other, headers: PlatformFixtures.shopify(other, topic: "customers/update"))
            #expect(ignored.status == .accepted)
            #expect(String(buffer: ignored.body).contains("customers/update"))
            let broken =
                #"{"id":271878346596884015,"currency":"EUR","total_price":"1.00","line_items":[{"variant_id":1,"quantity":"two","price":"1.00"}]}"#
            let refused = try await client.post(
                "/webhooks/shopify", broken, headers: PlatformFixtures.shopify(broken, topic: "orders/paid"))
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("line_items[0]"))
        }
        let stored = try await daemon.store.transaction {
            try $0.order(source: "shopify", orderID: "271878346596884015")
        }
        #expect(stored?.orderID == "271878346596884015")
        #expect(stored?.lines.map(\.variantID) == ["271878346596884015"])
        #expect(stored?.lines.map(\.priceMinor) == [8900])
        #expect(stored?.email == "ala@example.com")
        #expect(stored?.attribution == "TOKEN-123")
        #expect(stored?.status == "cancelled")
    }
}

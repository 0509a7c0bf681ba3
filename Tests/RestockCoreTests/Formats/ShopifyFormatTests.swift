import Foundation
import RestockCore
import Testing

@Suite struct ShopifyFormatTests {
    static let bigID = "271878346596884015"
    static let received = Timestamp(microseconds: 1_795_700_000 * 1_000_000)
    static func at(_ seconds: Int64) -> Timestamp { Timestamp(microseconds: seconds * 1_000_000) }

    static func normalize(
        _ topic: String, _ body: String, triggeredAt: Timestamp? = nil,
        options: ShopifyFormat.Options = .init()
    ) throws(PayloadError) -> PlatformEvents {
        try ShopifyFormat.normalize(
            topic: topic, body: Data(body.utf8), triggeredAt: triggeredAt, receivedAt: received, options: options)
    }

    static func failure(_ topic: String, _ body: String) -> String? {
        do {
            _ = try normalize(topic, body)
            return nil
        } catch {
            return error.message
        }
    }

    // MARK: inventory_levels/update

    @Test func inventoryLevelKeepsBigIDsExactAndUsesTheBodyTime() throws {
        let body = """
            {"inventory_item_id": 271878346596884015, "location_id": 905684977, "available": 6,
             "updated_at": "2026-11-25T10:00:00-05:00",
             "admin_graphql_api_id": "gid://shopify/InventoryLevel/905684977?inventory_item_id=271878346596884015"}
            """
        let events = try Self.normalize("inventory_levels/update", body, triggeredAt: Self.at(1))
        #expect(
            events
                == PlatformEvents(
                    itemLevels: [
                        InventoryItemLevel(
                            itemID: Self.bigID, locationID: "905684977", available: 6,
                            occurredAt: Self.at(1_795_618_800))
                    ], signedAt: Self.at(1_795_618_800)))
    }

    @Test func untrackedItemWithNullAvailableProducesNothing() throws {
        let body = #"{"inventory_item_id": 271878346596884015, "location_id": 1, "available": null}"#
        let events = try Self.normalize("inventory_levels/update", body)
        #expect(events == PlatformEvents())
        #expect(events.ignoredTopic == nil)
    }

    @Test func levelWithoutBodyTimeUsesTriggeredAtThenReceivedAt() throws {
        let body = #"{"inventory_item_id": 5, "location_id": 1, "available": 0}"#
        let triggered = try Self.normalize("inventory_levels/update", body, triggeredAt: Self.at(42))
        #expect(triggered.itemLevels.map(\.occurredAt) == [Self.at(42)])
        let received = try Self.normalize("inventory_levels/update", body)
        #expect(received.itemLevels.map(\.occurredAt) == [Self.received])
        // The header is not signed: it orders the level but never dates the delivery.
        #expect(triggered.signedAt == nil)
    }

    @Test func levelErrorsNameTheField() {
        #expect(
            Self.failure("inventory_levels/update", #"{"inventory_item_id": 5, "available": 1}"#)
                == "location_id: required field is missing")
        #expect(
            Self.failure("inventory_levels/update", #"{"inventory_item_id": 5, "location_id": 1, "available": "3"}"#)
                == "available: expected an integer")
        #expect(Self.failure("inventory_levels/update", "{not json") == "body is not valid JSON")
    }

    // MARK: products/update

    static let product = """
        {"id": 632910392, "title": "Linen Shirt", "handle": "linen-shirt",
         "image": {"id": 850703190, "src": "https://cdn.example/shirt.jpg", "variant_ids": []},
         "images": [
           {"id": 850703190, "src": "https://cdn.example/shirt.jpg", "variant_ids": []},
           {"id": 562641783, "src": "https://cdn.example/shirt-blue.jpg", "variant_ids": [271878346596884015]},
           {"id": 378407906, "src": "https://cdn.example/shirt-red.jpg", "variant_ids": []}],
         "variants": [
           {"id": 271878346596884015, "title": "Blue / M", "price": "49.90", "sku": "LS-B-M",
            "inventory_item_id": 271878346596884016, "inventory_quantity": 12, "image_id": null},
           {"id": 808950810, "title": "Red / M", "price": "49.90", "inventory_item_id": 341629,
            "inventory_quantity": 3, "image_id": 378407906},
           {"id": 49148385, "title": "Default Title", "price": "45.00", "inventory_item_id": 39072856,
            "inventory_quantity": 0}]}
        """

    @Test func productGivesCatalogPerVariantAndTheItemMapButNoStock() throws {
        let events = try Self.normalize("products/update", Self.product)
        #expect(
            events.catalog == [
                CatalogEntry(
                    variantID: Self.bigID, productTitle: "Linen Shirt", variantTitle: "Blue / M",
                    imageURL: "https://cdn.example/shirt-blue.jpg"),
                CatalogEntry(
                    variantID: "808950810", productTitle: "Linen Shirt", variantTitle: "Red / M",
                    imageURL: "https://cdn.example/shirt-red.jpg"),
                CatalogEntry(
                    variantID: "49148385", productTitle: "Linen Shirt", variantTitle: nil,
                    imageURL: "https://cdn.example/shirt.jpg"),
            ])
        #expect(
            events.itemLinks == [
                InventoryItemLink(itemID: "271878346596884016", variantID: Self.bigID),
                InventoryItemLink(itemID: "341629", variantID: "808950810"),
                InventoryItemLink(itemID: "39072856", variantID: "49148385"),
            ])
        // inventory_quantity is a total over locations: stock comes only from inventory levels.
        #expect(events.stock.isEmpty && events.itemLevels.isEmpty)
        #expect(events.catalog.allSatisfy { $0.url == nil && $0.priceMinor == nil && $0.currency == nil })
    }

    @Test func productPriceIsKeptExactlyWhenTheShopCurrencyIsKnown() throws {
        let events = try Self.normalize("products/create", Self.product, options: .init(shopCurrency: "eur"))
        #expect(events.catalog.map(\.priceMinor) == [4990, 4990, 4500])
        #expect(events.catalog.map(\.currency) == ["EUR", "EUR", "EUR"])
    }

    @Test func presentmentPricesNameTheCurrencyOnlyWhenOneMatches() throws {
        let body = """
            {"title": "Mug", "variants": [
              {"id": 1, "title": "Default Title", "price": "12.00", "presentment_prices": [
                {"price": {"amount": "12.00", "currency_code": "USD"}, "compare_at_price": null},
                {"price": {"amount": "11.00", "currency_code": "EUR"}, "compare_at_price": null}]},
              {"id": 2, "title": "Default Title", "price": "12.00", "presentment_prices": [
                {"price": {"amount": "12.00", "currency_code": "USD"}},
                {"price": {"amount": "12.00", "currency_code": "CAD"}}]}]}
            """
        let events = try Self.normalize("products/update", body)
        #expect(events.catalog.map(\.priceMinor) == [1200, nil])
        #expect(events.catalog.map(\.currency) == ["USD", nil])
    }

    /// Found by the `shopify` fuzz target (Tests/Fuzz/regressions/shopify): a presentment
    /// currency that is not an ISO 4217 code became the catalog's currency.
    @Test func presentmentPriceInSomethingOtherThanAnISOCodeIsLeftOut() throws {
        let body = """
            {"title": "Mug", "variants": [
              {"id": 1, "title": "Default Title", "price": "12.00", "presentment_prices": [
                {"price": {"amount": "12.00", "currency_code": "E R"}}]}]}
            """
        let events = try Self.normalize("products/update", body)
        #expect(events.catalog.map(\.priceMinor) == [nil])
        #expect(events.catalog.map(\.currency) == [nil])
    }

    @Test func productWithoutVariantsNamesTheField() {
        #expect(Self.failure("products/update", #"{"id": 1, "title": "x"}"#) == "variants: required field is missing")
        #expect(
            Self.failure("products/update", #"{"variants": [{"title": "x"}]}"#)
                == "variants[0].id: required field is missing")
    }

    // MARK: what the unsigned topic cannot change

    @Test func aBodySentUnderAnotherTypesTopicIsRefused() {
        let order = ShopifyOrderFormatTests.order()
        let level = #"{"inventory_item_id": 5, "location_id": 1, "available": 3}"#
        #expect(Self.failure("orders/create", Self.product) == "currency: required field is missing")
        #expect(Self.failure("orders/paid", level) == "id: required field is missing")
        #expect(Self.failure("refunds/create", order) == "order_id: required field is missing")
        #expect(Self.failure("products/update", order) == "variants: required field is missing")
        #expect(Self.failure("inventory_levels/update", order) == "inventory_item_id: required field is missing")
        #expect(Self.failure("inventory_levels/update", Self.product) == "inventory_item_id: required field is missing")
    }

    @Test func aBodyWhoseGlobalIDNamesAnotherTypeIsRefused() {
        let product = Self.product.replacingOccurrences(
            of: #""handle": "linen-shirt","#,
            with: #""handle": "linen-shirt", "admin_graphql_api_id": "gid://shopify/Product/632910392","#)
        #expect(Self.failure("products/update", product) == nil)
        // A body with a product's fields and an order's id is no product.
        let disguised = product.replacingOccurrences(of: "gid://shopify/Product/", with: "gid://shopify/Order/")
        #expect(
            Self.failure("products/update", disguised)
                == "admin_graphql_api_id: names another type than the Product that products/update delivers")
    }

    @Test func aProductIsDatedByItsOwnUpdatedAt() throws {
        let dated = Self.product.replacingOccurrences(
            of: #""handle": "linen-shirt","#, with: #""handle": "linen-shirt", "updated_at": "2026-11-25T10:00:00Z","#)
        #expect(
            try Self.normalize("products/update", dated, triggeredAt: Self.at(1)).signedAt == Self.at(1_795_600_800))
        #expect(try Self.normalize("products/update", Self.product, triggeredAt: Self.at(1)).signedAt == nil)
    }
}

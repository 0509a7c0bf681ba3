import Foundation
import RestockCore
import Testing

@Suite struct WooCommerceFormatTests {
    static let received = Timestamp(microseconds: 1_795_700_000 * 1_000_000)
    static func at(_ seconds: Int64) -> Timestamp { Timestamp(microseconds: seconds * 1_000_000) }

    static func normalize(_ topic: String, _ body: String, options: WooCommerceFormat.Options = .init())
        throws(PayloadError) -> PlatformEvents
    {
        try WooCommerceFormat.normalize(topic: topic, body: Data(body.utf8), receivedAt: received, options: options)
    }

    static func product(
        type: String = "simple", manage: String = "true", quantity: String = "7", status: String = "instock",
        published: String = "publish", modified: String = #""2026-11-25T10:00:00""#
    ) -> String {
        """
        {"id": 271878346596884015, "name": "Linen Shirt", "slug": "linen-shirt", "type": "\(type)",
         "status": "\(published)", "parent_id": 0, "permalink": "https://shop.example/product/linen-shirt/",
         "sku": "LS", "price": "49.90", "regular_price": "49.90", "manage_stock": \(manage),
         "stock_quantity": \(quantity), "stock_status": "\(status)", "date_modified_gmt": \(modified),
         "attributes": [{"id": 1, "name": "Size", "position": 0, "visible": true, "variation": true,
                         "options": ["S", "M"]}],
         "images": [{"id": 9, "src": "https://shop.example/wp-content/uploads/shirt.jpg", "name": "shirt"}]}
        """
    }

    @Test func managedSimpleProductGivesItsLevelAtItsModificationTimeInUTC() throws {
        let events = try Self.normalize("product.updated", Self.product())
        #expect(
            events.stock == [
                StockEvent(
                    variantID: "271878346596884015", change: .absolute(7), occurredAt: Self.at(1_795_600_800))
            ])
        #expect(
            events.catalog == [
                CatalogEntry(
                    variantID: "271878346596884015", productTitle: "Linen Shirt",
                    url: "https://shop.example/product/linen-shirt/",
                    imageURL: "https://shop.example/wp-content/uploads/shirt.jpg")
            ])
    }

    @Test(arguments: [
        // manage_stock, stock_quantity, stock_status, backorders available → level
        ("true", "7", "instock", false, 7 as Int?), ("true", "2", "outofstock", false, 0),
        ("false", "null", "instock", false, 100), ("false", "null", "outofstock", false, 0),
        ("false", "null", "onbackorder", false, 0), ("false", "null", "onbackorder", true, 100),
        ("true", "-3", "onbackorder", true, 100), ("true", "-3", "onbackorder", false, 0),
        ("true", "null", "instock", false, 100), (#""parent""#, "4", "instock", false, 4),
        ("true", "5", "custom", false, 5), ("false", "null", "custom", false, nil),
    ])
    func stockFollowsStatusThenManagedQuantity(
        manage: String, quantity: String, status: String, backorder: Bool, level: Int?
    ) throws {
        let options = WooCommerceFormat.Options(backorderIsAvailable: backorder)
        let events = try Self.normalize(
            "product.updated", Self.product(manage: manage, quantity: quantity, status: status), options: options)
        #expect(events.stock.map(\.change) == (level.map { [.absolute($0)] } ?? []))
    }

    @Test func assumedQuantityIsConfigurable() throws {
        let options = WooCommerceFormat.Options(assumedQuantity: 3)
        let events = try Self.normalize(
            "product.created", Self.product(manage: "false", quantity: "null"), options: options)
        #expect(events.stock.map(\.change) == [.absolute(3)])
    }

    @Test func variationGivesStockAndItsOptionsAndImageAndPriceWhenTheCurrencyIsKnown() throws {
        let body = """
            {"id": 733, "parent_id": 731, "type": "variation", "name": "Linen Shirt - M", "status": "publish",
             "permalink": "https://shop.example/product/linen-shirt/?attribute_size=M", "price": "49.9",
             "manage_stock": true, "stock_quantity": 2, "stock_status": "instock",
             "date_modified_gmt": "2026-11-25T10:00:00",
             "attributes": [{"id": 1, "name": "Size", "option": "M"}, {"id": 2, "name": "Colour", "option": "Blue"}],
             "image": {"id": 10, "src": "https://shop.example/shirt-m.jpg"}}
            """
        let events = try Self.normalize("product.updated", body, options: .init(currency: "EUR"))
        #expect(events.stock.map(\.variantID) == ["733"])
        #expect(
            events.catalog == [
                CatalogEntry(
                    variantID: "733", productTitle: "Linen Shirt - M", variantTitle: "M, Blue",
                    url: "https://shop.example/product/linen-shirt/?attribute_size=M",
                    imageURL: "https://shop.example/shirt-m.jpg", priceMinor: 4990, currency: "EUR")
            ])
    }

    @Test func variableParentAndUnpublishedProductsGiveCatalogButNoLevel() throws {
        let parent = try Self.normalize("product.updated", Self.product(type: "variable", quantity: "40"))
        #expect(parent.stock.isEmpty && parent.catalog.map(\.variantID) == ["271878346596884015"])
        let draft = try Self.normalize("product.updated", Self.product(published: "draft"))
        #expect(draft.stock.isEmpty && draft.catalog.count == 1)
    }

    @Test func missingModificationTimeFallsBackToReceivedAt() throws {
        let events = try Self.normalize("product.updated", Self.product(modified: "null"))
        #expect(events.stock.map(\.occurredAt) == [Self.received])
    }

    @Test func deletedProductChangesNothingAndOtherTopicsAreIgnored() throws {
        let deleted = try Self.normalize("product.deleted", #"{"id": 17}"#)
        #expect(deleted == PlatformEvents())
        #expect(try Self.normalize("coupon.created", "{}") == PlatformEvents(ignoredTopic: "coupon.created"))
    }

    @Test func productErrorsNameTheField() {
        #expect(throws: PayloadError("stock_quantity", "expected an integer")) {
            try Self.normalize("product.updated", Self.product(quantity: #""many""#))
        }
        #expect(throws: PayloadError("date_modified_gmt", "expected a time like 2026-11-25T10:00:00")) {
            try Self.normalize("product.updated", Self.product(modified: #""yesterday""#))
        }
    }

    // MARK: ping

    @Test func creationPingIsRecognised() {
        let form = "application/x-www-form-urlencoded; charset=UTF-8"
        #expect(WooCommerceFormat.isPing(contentType: form, body: Data("webhook_id=42".utf8)))
        #expect(WooCommerceFormat.isPing(contentType: nil, body: Data("webhook_id=7\n".utf8)))
        #expect(!WooCommerceFormat.isPing(contentType: "application/json", body: Data("webhook_id=42".utf8)))
        #expect(!WooCommerceFormat.isPing(contentType: form, body: Data("webhook_id=abc".utf8)))
        #expect(!WooCommerceFormat.isPing(contentType: form, body: Data(#"{"id": 42}"#.utf8)))
    }

    // MARK: what the unsigned topic cannot change

    @Test func anOrderSentUnderAProductTopicIsRefused() {
        let order = WooCommerceOrderFormatTests.order()
        for topic in ["product.created", "product.updated", "product.restored"] {
            #expect(throws: PayloadError("stock_status", "required field is missing")) {
                try Self.normalize(topic, order)
            }
        }
    }

    /// A product's `date_modified_gmt` stays put when only its stock moves, so it does not date
    /// the delivery: no freshness window may drop current stock sent under an old time.
    @Test func aProductIsNotDatedForTheFreshnessWindow() throws {
        let events = try Self.normalize("product.updated", Self.product(modified: #""2025-01-01T00:00:00""#))
        #expect(events.signedAt == nil)
        #expect(events.stock.map(\.change) == [.absolute(7)])
    }
}

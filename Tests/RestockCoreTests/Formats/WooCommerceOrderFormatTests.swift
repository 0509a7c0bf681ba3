import Foundation
import RestockCore
import Testing

@Suite struct WooCommerceOrderFormatTests {
    static let received = Timestamp(microseconds: 1_795_700_000 * 1_000_000)

    static func normalize(_ topic: String, _ body: String) throws(PayloadError) -> PlatformEvents {
        try WooCommerceFormat.normalize(topic: topic, body: Data(body.utf8), receivedAt: received)
    }

    static func order(status: String = "processing", meta: String = "[]", lines: String? = nil) -> String {
        """
        {"id": 271878346596884015, "status": "\(status)", "currency": "EUR", "total": "114.70",
         "date_created_gmt": "2026-11-25T09:30:00", "date_modified_gmt": "2026-11-25T10:00:00",
         "billing": {"first_name": "Ada", "email": "Ada@Example.com"}, "meta_data": \(meta),
         "line_items": \(lines ?? """
            [{"id": 1, "product_id": 731, "variation_id": 271878346596884015, "quantity": 2, "total": "99.80",
              "price": 49.9},
             {"id": 2, "product_id": 90, "variation_id": 0, "quantity": 3, "total": "10.00", "price": 3.3333333},
             {"id": 3, "product_id": 0, "variation_id": 0, "quantity": 1, "total": "4.90"}]
            """)}
        """
    }

    @Test func orderGivesExactIdsLinesAndMoney() throws {
        let events = try Self.normalize("order.created", Self.order())
        #expect(
            events
                == PlatformEvents(
                    orders: [
                        OrderEvent(
                            source: "woocommerce", orderID: "271878346596884015", email: "ada@example.com",
                            currency: "EUR", totalMinor: 11470, status: "paid",
                            lines: [
                                OrderEvent.Line(variantID: "271878346596884015", quantity: 2, priceMinor: 4990),
                                // 10.00 over 3 does not divide: rounded down, never a float.
                                OrderEvent.Line(variantID: "90", quantity: 3, priceMinor: 333),
                            ],
                            occurredAt: Timestamp(microseconds: 1_795_600_800 * 1_000_000))
                    ], signedAt: Timestamp(microseconds: 1_795_600_800 * 1_000_000)))
    }

    @Test(arguments: [
        ("pending", "placed"), ("on-hold", "placed"), ("processing", "paid"), ("completed", "paid"),
        ("cancelled", "cancelled"), ("failed", "cancelled"), ("refunded", "refunded"), ("wc-shipped", "placed"),
    ])
    func statusMaps(woo: String, status: String) throws {
        // The topic header is not signed: every order topic reads the status from the body.
        for topic in ["order.created", "order.updated"] {
            #expect(try Self.normalize(topic, Self.order(status: woo)).orders.map(\.status) == [status])
        }
    }

    @Test func checkoutDraftIsNotAnOrderYet() throws {
        let events = try Self.normalize("order.updated", Self.order(status: "checkout-draft"))
        #expect(events.orders.isEmpty && events.stock.isEmpty && events.ignoredTopic == nil)
    }

    @Test func attributionComesFromMetaOrTheSessionEntryURL() throws {
        let direct =
            #"[{"id": 1, "key": "_billing_prefs", "value": {"a": [1]}}, {"id": 2, "key": "_restock", "value": "T1"}]"#
        #expect(try Self.normalize("order.created", Self.order(meta: direct)).orders.first?.attribution == "T1")
        let entry = """
            [{"id": 3, "key": "_wc_order_attribution_source_type", "value": "utm"},
             {"id": 4, "key": "_wc_order_attribution_session_entry",
              "value": "https://shop.example/product/linen-shirt/?utm_source=restock&restock=T2"}]
            """
        #expect(try Self.normalize("order.created", Self.order(meta: entry)).orders.first?.attribution == "T2")
        #expect(try Self.normalize("order.created", Self.order()).orders.first?.attribution == nil)
    }

    @Test func orderErrorsNameTheField() {
        let badLine = #"[{"product_id": 5, "variation_id": 0, "quantity": 1, "total": "1,00"}]"#
        #expect(throws: PayloadError("line_items[0].total", "expected a non-negative decimal like \"19.99\"")) {
            try Self.normalize("order.created", Self.order(lines: badLine))
        }
        let noCurrency = Self.order().replacingOccurrences(of: #""currency": "EUR","#, with: "")
        #expect(throws: PayloadError("currency", "required field is missing")) {
            try Self.normalize("order.created", noCurrency)
        }
    }

    @Test func anOrderIsDatedByItsModificationTimeElseItsCreation() throws {
        let created = Self.order().replacingOccurrences(of: #""date_modified_gmt": "2026-11-25T10:00:00","#, with: "")
        #expect(
            try Self.normalize("order.created", created).signedAt
                == Timestamp(microseconds: 1_795_599_000 * 1_000_000))
    }

    @Test func aProductSentUnderAnOrderTopicIsRefused() {
        let product = WooCommerceFormatTests.product()
        #expect(throws: PayloadError("currency", "required field is missing")) {
            try Self.normalize("order.updated", product)
        }
    }
}

import Foundation
import RestockCore
import Testing

@Suite struct ShopifyOrderFormatTests {
    static let bigID = "271878346596884015"
    static let received = ShopifyFormatTests.received
    static func at(_ seconds: Int64) -> Timestamp { ShopifyFormatTests.at(seconds) }

    /// The product tests' helpers, so both suites normalize the same way.
    static func normalize(_ topic: String, _ body: String, options: ShopifyFormat.Options = .init())
        throws(PayloadError) -> PlatformEvents
    {
        try ShopifyFormatTests.normalize(topic, body, options: options)
    }

    static func failure(_ topic: String, _ body: String) -> String? { ShopifyFormatTests.failure(topic, body) }

    static func order(
        email: String = #""""#, landing: String = "null", notes: String = "[]", financial: String = "pending",
        cancelled: String = "null", lines: String? = nil
    ) -> String {
        """
        {"id": 271878346596884015, "name": "#1001", "email": \(email), "contact_email": "Shopper@Example.COM",
         "admin_graphql_api_id": "gid://shopify/Order/271878346596884015",
         "customer": {"id": 115310627314723954, "email": "other@example.com"},
         "currency": "EUR", "total_price": "104.80", "financial_status": "\(financial)", "cancelled_at": \(cancelled),
         "landing_site": \(landing), "note_attributes": \(notes),
         "created_at": "2026-11-25T09:00:00+01:00", "updated_at": "2026-11-25T10:30:00+01:00",
         "line_items": \(lines ?? """
            [{"id": 466157049, "variant_id": 271878346596884015, "quantity": 2, "price": "49.90"},
             {"id": 466157050, "variant_id": null, "quantity": 1, "price": "5.00", "title": "Gift wrap"}]
            """)}
        """
    }

    @Test func orderCreateGivesOnePlacedOrderWithExactIdsAndMoney() throws {
        let body = Self.order(landing: #""/products/linen-shirt?restock=tok.en_1&utm_source=email""#)
        let events = try Self.normalize("orders/create", body)
        #expect(
            events
                == PlatformEvents(
                    orders: [
                        OrderEvent(
                            source: "shopify", orderID: Self.bigID, email: "shopper@example.com", currency: "EUR",
                            totalMinor: 10480, status: "placed", attribution: "tok.en_1",
                            lines: [OrderEvent.Line(variantID: Self.bigID, quantity: 2, priceMinor: 4990)],
                            occurredAt: Self.at(1_795_599_000))
                    ], signedAt: Self.at(1_795_599_000)))
    }

    /// The topic header is not signed: a paid order sent as `orders/cancelled` is still paid, and
    /// every order topic reads the same status from the same body.
    @Test(arguments: [
        ("pending", "null", "placed"), ("authorized", "null", "placed"), ("partially_paid", "null", "placed"),
        ("paid", "null", "paid"), ("partially_refunded", "null", "paid"), ("refunded", "null", "refunded"),
        ("voided", "null", "cancelled"), ("paid", #""2026-11-25T11:00:00+01:00""#, "cancelled"),
        ("refunded", #""2026-11-25T11:00:00+01:00""#, "cancelled"),
    ])
    func statusComesFromTheBodyWhateverTheTopic(financial: String, cancelledAt: String, status: String) throws {
        for topic in ["orders/create", "orders/paid", "orders/cancelled"] {
            let events = try Self.normalize(topic, Self.order(financial: financial, cancelled: cancelledAt))
            #expect(events.orders.map(\.status) == [status], "\(topic)")
        }
    }

    @Test func attributionComesFromAFullLandingURLOrANoteAttribute() throws {
        let full = Self.order(landing: #""https://shop.example/products/x?utm=1&restock=T%2B1#top""#)
        #expect(try Self.normalize("orders/create", full).orders.first?.attribution == "T+1")
        let notes = Self.order(notes: #"[{"name": "gift", "value": ["x"]}, {"name": "restock", "value": "T2"}]"#)
        #expect(try Self.normalize("orders/create", notes).orders.first?.attribution == "T2")
        let renamed = Self.order(landing: #""/?rs=T3&restock=no""#)
        let options = ShopifyFormat.Options(attributionParameter: "rs")
        #expect(try Self.normalize("orders/create", renamed, options: options).orders.first?.attribution == "T3")
        #expect(try Self.normalize("orders/create", Self.order()).orders.first?.attribution == nil)
    }

    @Test func invalidEmailsAreSkippedNotRefused() throws {
        let body = Self.order(email: #""not an address""#)
        #expect(try Self.normalize("orders/paid", body).orders.first?.email == "shopper@example.com")
        let none = Self.order(email: "null").replacingOccurrences(of: "Shopper@Example.COM", with: "")
            .replacingOccurrences(of: "other@example.com", with: "@")
        #expect(try Self.normalize("orders/paid", none).orders.first?.email == nil)
    }

    @Test func orderErrorsNameTheField() {
        #expect(
            Self.failure("orders/create", Self.order(lines: #"[{"quantity": 1, "price": "1.00"}]"#))
                == "line_items[0].variant_id: required field is missing")
        #expect(
            Self.failure("orders/create", Self.order(lines: #"[{"variant_id": 1, "quantity": 1, "price": "1.005"}]"#))
                == "line_items[0].price: expected a non-negative decimal like \"19.99\"")
        #expect(
            Self.failure("orders/create", Self.order().replacingOccurrences(of: #""EUR""#, with: #""euro""#))
                == "currency: expected a three-letter ISO 4217 code like \"EUR\"")
    }

    @Test func moneyFollowsTheCurrencyExponent() throws {
        let body = Self.order(lines: #"[{"variant_id": 7, "quantity": 1, "price": 1500}]"#)
            .replacingOccurrences(of: #""EUR""#, with: #""JPY""#)
            .replacingOccurrences(of: #""104.80""#, with: #""1500""#)
        let order = try #require(try Self.normalize("orders/create", body).orders.first)
        #expect(order.totalMinor == 1500 && order.lines.map(\.priceMinor) == [1500])
    }

    // MARK: refunds/create

    static let refund = """
        {"id": 509562969, "order_id": 271878346596884015, "created_at": "2026-11-25T12:00:00Z",
         "admin_graphql_api_id": "gid://shopify/Refund/509562969",
         "refund_line_items": [
           {"id": 104689539, "quantity": 1, "line_item_id": 703073504, "subtotal": 49.9,
            "line_item": {"id": 703073504, "variant_id": 271878346596884015, "quantity": 2, "price": "49.90",
                          "price_set": {"shop_money": {"amount": "49.90", "currency_code": "EUR"}}}},
           {"id": 104689540, "quantity": 1, "line_item": {"variant_id": null, "quantity": 1, "price": "5.00"}}],
         "transactions": [
           {"id": 1, "kind": "refund", "status": "success", "amount": "49.90", "currency": "EUR"},
           {"id": 2, "kind": "refund", "status": "failure", "amount": "5.00", "currency": "EUR"}]}
        """

    @Test func refundGivesARefundedEventForItsOrder() throws {
        let events = try Self.normalize("refunds/create", Self.refund)
        #expect(
            events.orders == [
                OrderEvent(
                    source: "shopify", orderID: Self.bigID, email: nil, currency: "EUR", totalMinor: 4990,
                    status: "refunded", lines: [OrderEvent.Line(variantID: Self.bigID, quantity: 1, priceMinor: 4990)],
                    occurredAt: Self.at(1_795_608_000))
            ])
        #expect(events.signedAt == Self.at(1_795_608_000))
    }

    @Test func refundWithoutTransactionsTakesCurrencyFromThePriceSet() throws {
        let body = Self.refund.replacingOccurrences(of: #""kind": "refund""#, with: #""kind": "sale""#)
        let order = try #require(try Self.normalize("refunds/create", body).orders.first)
        #expect(order.currency == "EUR" && order.totalMinor == 4990)
    }

    @Test func restockOnlyRefundProducesNothing() throws {
        let body = #"{"id": 1, "order_id": 2, "refund_line_items": [], "transactions": []}"#
        #expect(try Self.normalize("refunds/create", body) == PlatformEvents())
    }

    @Test func unknownTopicIsIgnoredWithoutReadingTheBody() throws {
        let events = try Self.normalize("customers/create", "not even json")
        #expect(events == PlatformEvents(ignoredTopic: "customers/create"))
    }
}

import Foundation
import RestockCore
import Testing

@Suite struct BigCommerceAPIFormatTests {
    static let received = Timestamp(microseconds: 1_795_700_000 * 1_000_000)

    @Test func variantLevelReadsInventoryLevelAndZeroWhenPurchasingIsDisabled() throws {
        let body =
            #"{"data": {"id": 509, "product_id": 167, "sku": "SHIRT-M", "inventory_level": 7, "purchasing_disabled": false}, "meta": {}}"#
        #expect(try BigCommerceFormat.variantLevel(body: Data(body.utf8)) == 7)
        let disabled = body.replacingOccurrences(
            of: #""purchasing_disabled": false"#, with: #""purchasing_disabled": true"#)
        #expect(try BigCommerceFormat.variantLevel(body: Data(disabled.utf8)) == 0)
        #expect(throws: PayloadError("data.inventory_level", "required field is missing")) {
            try BigCommerceFormat.variantLevel(body: Data(#"{"data": {"id": 509}}"#.utf8))
        }
    }

    @Test func productLevelIsKeyedByTheBaseVariant() throws {
        let body =
            #"{"data": {"id": 167, "inventory_level": 3, "inventory_tracking": "product", "base_variant_id": 271878346596884015}}"#
        let level = try BigCommerceFormat.productLevel(body: Data(body.utf8))
        #expect(level.variantID == "271878346596884015" && level.level == 3)
        #expect(
            throws: PayloadError("data.base_variant_id", "null: the product has options, read its variants instead")
        ) {
            try BigCommerceFormat.productLevel(
                body: Data(#"{"data": {"id": 1, "inventory_level": 3, "base_variant_id": null}}"#.utf8))
        }
    }

    static func order(statusID: String = "11", currency: String = "USD", total: String = "79.0000") -> Data {
        Data(
            """
            {"id": 271878346596884015, "status_id": \(statusID), "status": "Awaiting Fulfillment",
             "currency_code": "\(currency)", "default_currency_code": "USD", "total_inc_tax": "\(total)",
             "date_created": "Tue, 20 Nov 2018 15:00:00 +0000", "date_modified": "Tue, 20 Nov 2018 16:17:07 +0100",
             "billing_address": {"first_name": "Ada", "email": "Ada@Example.com"}}
            """.utf8)
    }

    static let products = Data(
        """
        [{"id": 1, "order_id": 100, "product_id": 167, "variant_id": 509, "quantity": 2, "price_inc_tax": "33.3350"},
         {"id": 2, "order_id": 100, "product_id": 0, "variant_id": null, "quantity": 1, "price_inc_tax": "10.0000"},
         {"id": 3, "order_id": 100, "product_id": 168, "variant_id": 271878346596884015, "quantity": 1,
          "price_inc_tax": "12.3000"}]
        """.utf8)

    @Test func orderReadBackGivesExactIdsRoundedMoneyAndTheModificationTime() throws {
        let order = try BigCommerceFormat.order(
            orderBody: Self.order(), productsBody: Self.products, receivedAt: Self.received)
        #expect(
            order
                == OrderEvent(
                    source: "bigcommerce", orderID: "271878346596884015", email: "ada@example.com", currency: "USD",
                    totalMinor: 7900, status: "paid",
                    lines: [
                        OrderEvent.Line(variantID: "509", quantity: 2, priceMinor: 3334),
                        OrderEvent.Line(variantID: "271878346596884015", quantity: 1, priceMinor: 1230),
                    ],
                    occurredAt: Timestamp(microseconds: 1_542_727_027 * 1_000_000)))
    }

    @Test(arguments: [
        (0, "placed"), (1, "placed"), (7, "placed"), (12, "placed"), (4, "refunded"), (5, "cancelled"),
        (6, "cancelled"), (2, "paid"), (10, "paid"), (11, "paid"), (14, "paid"),
    ])
    func statusIDMaps(id: Int, status: String) throws {
        let order = try BigCommerceFormat.order(
            orderBody: Self.order(statusID: String(id)), productsBody: Data(), receivedAt: Self.received)
        #expect(order.status == status)
        #expect(order.lines.isEmpty)
    }

    @Test func statusTextIsUsedWithoutAnID() throws {
        let body = String(decoding: Self.order(statusID: "null"), as: UTF8.self)
            .replacingOccurrences(of: "Awaiting Fulfillment", with: "Declined")
        let order = try BigCommerceFormat.order(
            orderBody: Data(body.utf8), productsBody: Data("[]".utf8), receivedAt: Self.received)
        #expect(order.status == "cancelled")
    }

    @Test func orderMoneyFollowsTheCurrency() throws {
        let order = try BigCommerceFormat.order(
            orderBody: Self.order(currency: "JPY", total: "1500.0000"), productsBody: Data(), receivedAt: Self.received)
        #expect(order.currency == "JPY" && order.totalMinor == 1500)
    }

    /// A read-back is an answer from a server: a time with a signed or overlong field is refused
    /// by name. A negative hour passed the range checks and trapped converting to microseconds,
    /// stopping the daemon on one API answer (found by the `bigcommerce` fuzz target).
    @Test(arguments: [
        "Tue, 20 Nov 2018 -9999999999916:7 +0100", "Tue, 20 Nov 2018 -1:00:00 +0000", "Tue, 20 Nov 2018 15:-5 +0000",
        "Tue, 20 Nov 2018 15:17:+7 +0000", "Tue, +20 Nov 2018 15:17:07 +0000", "Tue, 20 Nov 02018 15:17:07 +0000",
        "Tue, 20 Nov 2018 15::07 +0000", "Tue, 20 Nov 2018 15:17:07 +-100", "Tue, 20 Nov 2018 15:17:07 +0099",
    ])
    func aTimeWithASignedOrOverlongFieldIsRefusedByName(time: String) {
        let body = String(decoding: Self.order(), as: UTF8.self)
            .replacingOccurrences(of: "Tue, 20 Nov 2018 16:17:07 +0100", with: time)
        #expect(throws: PayloadError("date_modified", "expected an RFC 2822 time like Tue, 20 Nov 2018 15:17:07 +0000"))
        {
            try BigCommerceFormat.order(orderBody: Data(body.utf8), productsBody: Data(), receivedAt: Self.received)
        }
    }

    @Test func orderErrorsNameTheField() {
        #expect(throws: PayloadError("products[1].quantity", "required field is missing")) {
            try BigCommerceFormat.order(
                orderBody: Self.order(),
                productsBody: Data(
                    #"[{"variant_id": 1, "quantity": 1, "price_inc_tax": "1"}, {"variant_id": 2}]"#.utf8),
                receivedAt: Self.received)
        }
        #expect(throws: PayloadError("total_inc_tax", "expected a non-negative decimal like \"19.9900\"")) {
            try BigCommerceFormat.order(
                orderBody: Self.order(total: "-5.0000"), productsBody: Data(), receivedAt: Self.received)
        }
        let badTime = String(decoding: Self.order(), as: UTF8.self)
            .replacingOccurrences(of: "Tue, 20 Nov 2018 16:17:07 +0100", with: "2018-11-20")
        #expect(throws: PayloadError("date_modified", "expected an RFC 2822 time like Tue, 20 Nov 2018 15:17:07 +0000"))
        {
            try BigCommerceFormat.order(orderBody: Data(badTime.utf8), productsBody: Data(), receivedAt: Self.received)
        }
    }
}

import Foundation

extension BigCommerceFormat {
    /// The level in `GET /stores/{hash}/v3/catalog/products/{product_id}/variants/{variant_id}`
    /// (`{"data": {"id": 509, "inventory_level": 7, "purchasing_disabled": false, …}}`). A
    /// variant with purchasing disabled reads 0: shoppers cannot buy it whatever its count.
    public static func variantLevel(body: Data) throws(PayloadError) -> Int {
        let answer = try PayloadDecoder.decode(Answer<Variant>.self, from: body)
        return answer.data.purchasing_disabled == true ? 0 : answer.data.inventory_level
    }

    /// The level in `GET /stores/{hash}/v3/catalog/products/{id}` (`data.inventory_level`),
    /// keyed by `data.base_variant_id`, the variant a product without options is sold as.
    /// A product with options has no base variant (`null`), so a product-level count cannot
    /// be keyed by one variant: that is an error naming the field.
    public static func productLevel(body: Data) throws(PayloadError) -> (variantID: String, level: Int) {
        let product = try PayloadDecoder.decode(Answer<Product>.self, from: body).data
        guard let variant = product.base_variant_id else {
            throw PayloadError("data.base_variant_id", "null: the product has options, read its variants instead")
        }
        return (variant.value, product.inventory_level)
    }

    /// The order in `GET /stores/{hash}/v2/orders/{id}` with its lines from
    /// `GET /stores/{hash}/v2/orders/{id}/products` (an empty body, BigCommerce's 204 for an
    /// order without products, is no lines).
    ///
    /// Status is read from `status_id` (the `status` text can be relabelled by the merchant):
    /// Refunded (4) → refunded; Cancelled (5) and Declined (6) → cancelled; Incomplete (0),
    /// Pending (1), Awaiting Payment (7) and Manual Verification Required (12) → placed, since
    /// no payment is confirmed; every other status (shipped, completed, awaiting fulfillment,
    /// partially refunded, disputed…) → paid. Money is four-decimal text (`"79.0000"`), rounded
    /// half away from zero to the currency's minor unit when more digits matter. The currency
    /// is `currency_code`, else `default_currency_code`. A line without a variant (a gift
    /// certificate, a custom product) is skipped.
    public static func order(orderBody: Data, productsBody: Data, receivedAt: Timestamp) throws(PayloadError)
        -> OrderEvent
    {
        let order = try PayloadDecoder.decode(Order.self, from: orderBody)
        let products =
            productsBody.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
            ? [] : try PayloadDecoder.decode([OrderProduct].self, from: productsBody, root: "products")
        guard let currencyText = order.currency_code.nonBlank ?? order.default_currency_code.nonBlank else {
            throw PayloadError("currency_code", "required field is missing")
        }
        let currency = try PayloadDecoder.currencyCode(currencyText, field: "currency_code")
        var lines: [OrderEvent.Line] = []
        for (i, product) in products.enumerated() {
            guard let variant = product.variant_id, variant.value != "0", product.quantity > 0 else { continue }
            lines.append(
                OrderEvent.Line(
                    variantID: variant.value, quantity: product.quantity,
                    priceMinor: try roundedMinor(product.price_inc_tax, currency, "products[\(i)].price_inc_tax")))
        }
        return OrderEvent(
            source: "bigcommerce", orderID: order.id.value,
            email: PayloadDecoder.firstValidEmail(order.billing_address?.email), currency: currency,
            totalMinor: try roundedMinor(order.total_inc_tax, currency, "total_inc_tax"),
            status: try order.restockStatus(),
            lines: lines,
            occurredAt: order.date_modified?.timestamp ?? order.date_created?.timestamp ?? receivedAt)
    }

    static func roundedMinor(_ amount: DecimalText, _ currency: String, _ field: String) throws(PayloadError) -> Int64 {
        guard let minor = amount.roundedMinorUnits(currency: currency) else {
            throw PayloadError(field, "expected a non-negative decimal like \"19.9900\"")
        }
        return minor
    }

    struct Answer<T: Decodable>: Decodable { var data: T }

    struct Variant: Decodable {
        var inventory_level: Int
        var purchasing_disabled: Bool?
    }

    struct Product: Decodable {
        var inventory_level: Int
        var base_variant_id: FlexibleID?
    }

    struct Order: Decodable {
        struct Address: Decodable { var email: String? }

        var id: FlexibleID
        var status_id: Int?
        var status: String?
        var currency_code: String?
        var default_currency_code: String?
        var total_inc_tax: DecimalText
        var billing_address: Address?
        var date_modified: RFC2822Time?
        var date_created: RFC2822Time?

        static let placedIDs: Set<Int> = [0, 1, 7, 12]
        static let placedNames: Set<String> = [
            "incomplete", "pending", "awaiting payment", "manual verification required",
        ]

        func restockStatus() throws(PayloadError) -> String {
            if let id = status_id {
                switch id {
                case 4: return "refunded"
                case 5, 6: return "cancelled"
                default: return Self.placedIDs.contains(id) ? "placed" : "paid"
                }
            }
            guard let name = status.nonBlank?.lowercased() else {
                throw PayloadError("status_id", "required field is missing")
            }
            switch name {
            case "refunded": return "refunded"
            case "cancelled", "declined": return "cancelled"
            default: return Self.placedNames.contains(name) ? "placed" : "paid"
            }
        }
    }

    struct OrderProduct: Decodable {
        var variant_id: FlexibleID?
        var quantity: Int
        var price_inc_tax: DecimalText
    }
}

extension ShopifyFormat {
    /// A line of an order (`line_items[]`), also nested in a refund's `refund_line_items[].line_item`.
    struct LineItem: Decodable {
        struct PriceSet: Decodable {
            struct Money: Decodable { var currency_code: String? }
            var shop_money: Money?
        }

        /// Null for custom items (no product behind them); such lines are skipped.
        var variant_id: FlexibleID?
        var quantity: Int
        /// The unit price before discounts, in the order's (shop) currency.
        var price: DecimalText
        var price_set: PriceSet?

        enum CodingKeys: String, CodingKey { case variant_id, quantity, price, price_set }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Shopify always sends the key, `null` for custom items: a missing key is a body that is
            // not an order line at all.
            guard container.contains(.variant_id) else {
                throw DecodingError.keyNotFound(
                    CodingKeys.variant_id, .init(codingPath: decoder.codingPath, debugDescription: "missing"))
            }
            variant_id = try container.decodeIfPresent(FlexibleID.self, forKey: .variant_id)
            quantity = try container.decode(Int.self, forKey: .quantity)
            price = try container.decode(DecimalText.self, forKey: .price)
            price_set = try? container.decodeIfPresent(PriceSet.self, forKey: .price_set)
        }
    }

    /// Body of `orders/create`, `orders/paid`, `orders/cancelled`: the order as it is now. The
    /// three topics carry the same object, so the status is read from it (``status``), never
    /// from the topic.
    struct OrderPayload: Decodable {
        struct Customer: Decodable { var email: String? }

        struct NoteAttribute: Decodable {
            var name: String?
            var value: String?

            enum CodingKeys: String, CodingKey { case name, value }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = container.lenientString(forKey: .name)
                value = container.lenientString(forKey: .value)
            }
        }

        var id: FlexibleID
        var email: String?
        var contact_email: String?
        var customer: Customer?
        var currency: String
        var total_price: DecimalText
        var financial_status: String?
        var cancelled_at: String?
        var line_items: [LineItem]
        var landing_site: String?
        var note_attributes: [NoteAttribute]?
        var updated_at: FlexibleTime?
        var processed_at: FlexibleTime?
        var created_at: FlexibleTime?
        var admin_graphql_api_id: String?

        /// When the order last changed, as the signed body says.
        var signedAt: Timestamp? { (updated_at ?? processed_at ?? created_at)?.timestamp }

        func normalized(fallbackTime: Timestamp, options: Options) throws(PayloadError) -> OrderEvent {
            let currency = try PayloadDecoder.currencyCode(currency, field: "currency")
            var lines: [OrderEvent.Line] = []
            for (i, line) in line_items.enumerated() {
                guard let variant = line.variant_id, line.quantity > 0 else { continue }
                lines.append(
                    OrderEvent.Line(
                        variantID: variant.value, quantity: line.quantity,
                        priceMinor: try PayloadDecoder.minor(
                            line.price, currency: currency, field: "line_items[\(i)].price")))
            }
            return OrderEvent(
                source: "shopify", orderID: id.value,
                email: PayloadDecoder.firstValidEmail(email, contact_email, customer?.email), currency: currency,
                totalMinor: try PayloadDecoder.minor(total_price, currency: currency, field: "total_price"),
                status: status, attribution: attribution(parameter: options.attributionParameter),
                lines: lines,
                occurredAt: updated_at?.timestamp ?? processed_at?.timestamp ?? created_at?.timestamp ?? fallbackTime)
        }

        /// The status the order itself states, whatever topic it came under: `cancelled_at` set
        /// is cancelled; `financial_status` `refunded` is refunded and `voided` (the payment was
        /// never taken) cancelled; `paid` and `partially_refunded` are paid (a partial refund
        /// arrives as its own `refunds/create`, naming the lines it takes back); anything else
        /// (`pending`, `authorized`, `partially_paid`, `expired`, none) is placed, the reading
        /// that credits no payment that may not have happened.
        var status: String {
            if cancelled_at.nonBlank != nil { return "cancelled" }
            switch financial_status {
            case "refunded": return "refunded"
            case "voided": return "cancelled"
            case "paid", "partially_refunded": return "paid"
            default: return "placed"
            }
        }

        /// Our parameter in `landing_site` (a path and query, or a full URL), else a note
        /// attribute of that name (what a theme's cart form can add).
        func attribution(parameter: String) -> String? {
            if let landing = landing_site, let token = QueryParameter.value(named: parameter, in: landing) {
                return token
            }
            return note_attributes?.first(where: { $0.name == parameter && $0.value.nonBlank != nil })?.value
        }
    }

    /// Body of `refunds/create`: the refund, naming its order by `order_id`.
    ///
    /// It becomes a "refunded" event for that order. Refunded lines are
    /// `refund_line_items[].line_item` with the refunded `quantity` (not the line's ordered one)
    /// and the line's unit `price`. The currency is that of the refund's transactions, else the
    /// line's `price_set.shop_money`, else `""` (unknown); the total is the sum of successful
    /// `refund` transactions, else of the refunded lines. A refund with neither refunded lines
    /// nor money (a restock-only adjustment) produces nothing: it did not refund the order.
    struct RefundPayload: Decodable {
        struct RefundLine: Decodable {
            var quantity: Int
            var line_item: LineItem

            var currencyCode: String? { line_item.price_set?.shop_money?.currency_code.nonBlank }
        }

        struct Transaction: Decodable {
            var kind: String?
            var status: String?
            var amount: DecimalText?
            var currency: String?

            var isSuccessfulRefund: Bool { kind == "refund" && (status == nil || status == "success") && amount != nil }
        }

        var order_id: FlexibleID
        var admin_graphql_api_id: String?
        var refund_line_items: [RefundLine]?
        var transactions: [Transaction]?
        var processed_at: FlexibleTime?
        var created_at: FlexibleTime?

        func normalized(fallbackTime: Timestamp) throws(PayloadError) -> OrderEvent? {
            let transactions = transactions ?? []
            let refundLines = refund_line_items ?? []
            let refunds = transactions.indices.filter { transactions[$0].isSuccessfulRefund }
            var currency = ""
            if let i = refunds.first(where: { transactions[$0].currency.nonBlank != nil }) {
                currency = try PayloadDecoder.currencyCode(
                    transactions[i].currency!, field: "transactions[\(i)].currency")
            } else if let i = refundLines.firstIndex(where: { $0.currencyCode != nil }) {
                currency = try PayloadDecoder.currencyCode(
                    refundLines[i].currencyCode!,
                    field: "refund_line_items[\(i)].line_item.price_set.shop_money.currency_code")
            }
            var lines: [OrderEvent.Line] = []
            var linesTotal: Int64 = 0
            for (i, refunded) in refundLines.enumerated() {
                guard let variant = refunded.line_item.variant_id, refunded.quantity > 0 else { continue }
                let price = try PayloadDecoder.minor(
                    refunded.line_item.price, currency: currency, field: "refund_line_items[\(i)].line_item.price")
                lines.append(OrderEvent.Line(variantID: variant.value, quantity: refunded.quantity, priceMinor: price))
                let (amount, overflow) = price.multipliedReportingOverflow(by: Int64(refunded.quantity))
                guard !overflow else { throw PayloadError("refund_line_items[\(i)].quantity", "is too large") }
                linesTotal = try add(linesTotal, amount, field: "refund_line_items[\(i)].quantity")
            }
            var total: Int64 = 0
            for i in refunds {
                let field = "transactions[\(i)].amount"
                total = try add(
                    total, try PayloadDecoder.minor(transactions[i].amount!, currency: currency, field: field),
                    field: field)
            }
            if refunds.isEmpty { total = linesTotal }
            guard !lines.isEmpty || total > 0 else { return nil }
            return OrderEvent(
                source: "shopify", orderID: order_id.value, email: nil, currency: currency, totalMinor: total,
                status: "refunded", lines: lines,
                occurredAt: processed_at?.timestamp ?? created_at?.timestamp ?? fallbackTime)
        }
    }

    /// A sum that refuses, rather than traps on, amounts no shop could have.
    static func add(_ total: Int64, _ amount: Int64, field: String) throws(PayloadError) -> Int64 {
        let (sum, overflow) = total.addingReportingOverflow(amount)
        guard !overflow else { throw PayloadError(field, "is too large") }
        return sum
    }
}

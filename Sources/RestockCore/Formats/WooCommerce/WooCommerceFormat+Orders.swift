extension WooCommerceFormat {
    /// Body of `order.created` and `order.updated`.
    ///
    /// Status: `pending` and `on-hold` are placed, `processing` and `completed` paid, `cancelled`,
    /// `failed` and `trash` cancelled, `refunded` refunded; a `checkout-draft` (the block checkout's
    /// cart, not yet an order) produces nothing, and any other (plugin) status counts as placed,
    /// the reading that credits no payment that may not have happened.
    ///
    /// A line's variant is its `variation_id`, or its `product_id` when that is 0; a line whose
    /// product was deleted (both 0) is skipped. WooCommerce gives a line's `total` (after
    /// discounts, before tax) and a floating-point unit `price`; the unit price used is the exact
    /// `total` divided by `quantity`, rounded down to a minor unit when it does not divide, so
    /// no float is ever read and a line never claims more than it cost.
    struct OrderPayload: Decodable {
        struct Billing: Decodable { var email: String? }

        struct Line: Decodable {
            var product_id: FlexibleID?
            var variation_id: FlexibleID?
            var quantity: Int
            var total: DecimalText
        }

        struct Meta: Decodable {
            var key: String?
            var value: String?

            enum CodingKeys: String, CodingKey { case key, value }

            init(from decoder: any Decoder) throws {
                // Meta values are whatever plugins stored: arrays and objects too.
                let container = try decoder.container(keyedBy: CodingKeys.self)
                key = container.lenientString(forKey: .key)
                value = container.lenientString(forKey: .value)
            }
        }

        var id: FlexibleID
        var status: String
        var currency: String
        var total: DecimalText
        var billing: Billing?
        var line_items: [Line]
        var meta_data: [Meta]?
        var date_modified_gmt: GMTTime?
        var date_created_gmt: GMTTime?

        static let statuses: [String: String] = [
            "pending": "placed", "on-hold": "placed", "processing": "paid", "completed": "paid",
            "cancelled": "cancelled", "failed": "cancelled", "trash": "cancelled", "refunded": "refunded",
        ]

        func normalized(receivedAt: Timestamp, options: Options) throws(PayloadError) -> OrderEvent? {
            guard status != "checkout-draft" else { return nil }
            let currency = try PayloadDecoder.currencyCode(currency, field: "currency")
            var lines: [OrderEvent.Line] = []
            for (i, line) in line_items.enumerated() {
                let variation = line.variation_id.flatMap { $0.value == "0" ? nil : $0 }
                let product = line.product_id.flatMap { $0.value == "0" ? nil : $0 }
                guard let variant = variation ?? product, line.quantity > 0 else { continue }
                let total = try PayloadDecoder.minor(line.total, currency: currency, field: "line_items[\(i)].total")
                lines.append(
                    OrderEvent.Line(
                        variantID: variant.value, quantity: line.quantity, priceMinor: total / Int64(line.quantity)))
            }
            return OrderEvent(
                source: "woocommerce", orderID: id.value, email: PayloadDecoder.firstValidEmail(billing?.email),
                currency: currency, totalMinor: try PayloadDecoder.minor(total, currency: currency, field: "total"),
                status: Self.statuses[status] ?? "placed",
                attribution: attribution(parameter: options.attributionParameter),
                lines: lines, occurredAt: date_modified_gmt?.timestamp ?? date_created_gmt?.timestamp ?? receivedAt)
        }

        /// Meta named after our parameter (`restock`, or `_restock` as a plugin hides it), else
        /// the parameter in WooCommerce's own attribution: `_wc_order_attribution_session_entry`
        /// is the URL the shopper's session started on.
        func attribution(parameter: String) -> String? {
            let meta = meta_data ?? []
            if let token = meta.first(where: {
                ($0.key == parameter || $0.key == "_" + parameter) && $0.value.nonBlank != nil
            }) {
                return token.value
            }
            guard let entry = meta.first(where: { $0.key == "_wc_order_attribution_session_entry" })?.value else {
                return nil
            }
            return QueryParameter.value(named: parameter, in: entry)
        }
    }
}

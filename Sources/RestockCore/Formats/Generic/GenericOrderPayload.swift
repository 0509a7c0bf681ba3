/// Body of `POST /v1/orders`, the generic format: one order, or `{"orders": [ … ]}`.
public struct GenericOrderPayload: Decodable, Sendable {
    struct Order: Decodable {
        struct Line: Decodable {
            var variant_id: FlexibleID
            var quantity: Int
            var price: String?
            var price_minor: Int64?
        }

        var order_id: FlexibleID
        var email: String?
        var currency: String
        var total: String?
        var total_minor: Int64?
        var status: String?
        var attribution: String?
        var occurred_at: FlexibleTime?
        var lines: [Line]
    }

    var orders: [Order]

    enum CodingKeys: String, CodingKey { case orders }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.orders) {
            self.orders = try container.decode([Order].self, forKey: .orders)
        } else {
            self.orders = [try Order(from: decoder)]
        }
    }

    static let statuses: Set<String> = ["placed", "paid", "cancelled", "refunded"]

    public func normalized(fallbackTime: Timestamp) throws(PayloadError) -> [OrderEvent] {
        guard !orders.isEmpty else { throw PayloadError("orders", "must not be empty") }
        return try orders.enumerated().map { (i, order) throws(PayloadError) -> OrderEvent in
            let field = orders.count == 1 ? "" : "orders[\(i)]."
            let currency = try PayloadDecoder.currencyCode(order.currency, field: "\(field)currency")
            let status = order.status ?? "placed"
            guard Self.statuses.contains(status) else {
                throw PayloadError("\(field)status", "expected one of placed, paid, cancelled, refunded")
            }
            var lines: [OrderEvent.Line] = []
            for (j, line) in order.lines.enumerated() {
                guard line.quantity > 0 else {
                    throw PayloadError("\(field)lines[\(j)].quantity", "must be at least 1")
                }
                let price = try Self.minor(line.price, line.price_minor, currency, "\(field)lines[\(j)].price")
                // The line's value is credited to an email and summed into revenue.
                let (amount, overflow) = price.multipliedReportingOverflow(by: Int64(line.quantity))
                guard !overflow, amount <= Money.maxMinorUnits else {
                    throw PayloadError(
                        "\(field)lines[\(j)].quantity", "price × quantity must be at most \(Money.maxMinorUnits)")
                }
                lines.append(
                    OrderEvent.Line(variantID: line.variant_id.value, quantity: line.quantity, priceMinor: price))
            }
            let total = try Self.minor(order.total, order.total_minor, currency, "\(field)total")
            var email: String? = nil
            if let raw = order.email {
                do { email = try EmailAddress.normalize(raw) } catch { throw PayloadError("\(field)email", "\(error)") }
            }
            return OrderEvent(
                source: "generic", orderID: order.order_id.value, email: email, currency: currency,
                totalMinor: total, status: status, attribution: order.attribution, lines: lines,
                occurredAt: order.occurred_at?.timestamp ?? fallbackTime)
        }
    }

    static func minor(_ text: String?, _ minor: Int64?, _ currency: String, _ field: String) throws(PayloadError)
        -> Int64
    {
        if let minor {
            // Totals are summed into revenue and prices shown to shoppers: never below zero, and
            // never so large that a sum of them could overflow.
            if let problem = Money.problem(minor: minor) { throw PayloadError("\(field)_minor", problem) }
            return minor
        }
        guard let text else {
            throw PayloadError(
                field, "required (decimal text like \"19.99\", or `\(field.split(separator: ".").last!)_minor`)")
        }
        guard let value = Money.minorUnits(text, currency: currency) else {
            throw PayloadError(field, "expected a decimal like \"19.99\"")
        }
        return value
    }
}

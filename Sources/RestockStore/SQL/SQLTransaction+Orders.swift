import RestockCore

/// `orders`, `order_lines`: what shoppers bought, for attribution and follow-up checks.
extension SQLTransaction {
    /// A known order keeps its lines and placement time; only its status moves (paid, refunded…).
    func saveOrder(_ order: OrderEvent, at: Timestamp) throws -> Bool {
        let inserted = try sql.first(
            """
            INSERT INTO orders (source, external_id, email, currency, total_minor, status,
                                attribution, placed_at, updated_at)
            VALUES (\(order.source), \(order.orderID), \(order.email), \(order.currency),
                    \(order.totalMinor), \(order.status), \(order.attribution),
                    \(order.occurredAt.microseconds), \(at.microseconds))
            ON CONFLICT (source, external_id) DO NOTHING
            RETURNING id
            """
        ) { try $0.int64(0) }
        guard let id = inserted else {
            try sql.execute(
                """
                UPDATE orders SET status = \(order.status), updated_at = \(at.microseconds)
                WHERE source = \(order.source) AND external_id = \(order.orderID)
                """)
            return false
        }
        guard !order.lines.isEmpty else { return true }
        try sql.execute(
            """
            INSERT INTO order_lines (order_id, line_no, variant_id, quantity, price_minor)
            SELECT \(id), line_no, variant_id, quantity, price_minor
            FROM \(rows: SQLColumn("line_no", (1...order.lines.count).map(Int64.init)),
                   SQLColumn("variant_id", order.lines.map(\.variantID)),
                   SQLColumn("quantity", order.lines.map { Int64($0.quantity) }),
                   SQLColumn("price_minor", order.lines.map(\.priceMinor)), as: "u")
            """)
        return true
    }

    func order(source: String, orderID: String) throws -> OrderEvent? {
        let found = try sql.first(
            """
            SELECT id, email, currency, total_minor, status, attribution, placed_at
            FROM orders WHERE source = \(source) AND external_id = \(orderID)
            """
        ) { row in
            (
                id: try row.int64(0), email: try row.optionalString(1), currency: try row.string(2),
                total: try row.int64(3), status: try row.string(4), attribution: try row.optionalString(5),
                placedAt: try row.timestamp(6)
            )
        }
        guard let found else { return nil }
        let lines = try sql.all(
            "SELECT variant_id, quantity, price_minor FROM order_lines WHERE order_id = \(found.id) ORDER BY line_no"
        ) { line in
            OrderEvent.Line(variantID: try line.string(0), quantity: try line.int(1), priceMinor: try line.int64(2))
        }
        return OrderEvent(
            source: source, orderID: orderID, email: found.email, currency: found.currency, totalMinor: found.total,
            status: found.status, attribution: found.attribution, lines: lines, occurredAt: found.placedAt)
    }
}

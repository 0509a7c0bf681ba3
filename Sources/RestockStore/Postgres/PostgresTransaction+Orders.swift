import LibPQ
import RestockCore

/// `orders`, `order_lines`: what shoppers bought, for attribution and follow-up checks.
extension PostgresTransaction {
    /// A known order keeps its lines and placement time; only its status moves (paid, refunded…).
    func saveOrder(_ order: OrderEvent, at: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            let inserted = try connection.query(
                """
                INSERT INTO orders (source, external_id, email, currency, total_minor, status,
                                    attribution, placed_at, updated_at)
                VALUES (\(order.source), \(order.orderID), \(order.email), \(order.currency),
                        \(order.totalMinor), \(order.status), \(order.attribution),
                        \(order.occurredAt.microseconds), \(at.microseconds))
                ON CONFLICT (source, external_id) DO NOTHING
                RETURNING id
                """)
            guard let row = inserted.first else {
                try connection.execute(
                    """
                    UPDATE orders SET status = \(order.status), updated_at = \(at.microseconds)
                    WHERE source = \(order.source) AND external_id = \(order.orderID)
                    """)
                return false
            }
            let id = try row.decode("id", as: Int64.self)
            guard !order.lines.isEmpty else { return true }
            try connection.execute(
                """
                INSERT INTO order_lines (order_id, line_no, variant_id, quantity, price_minor)
                SELECT \(id), u.line_no, u.variant_id, u.quantity, u.price_minor
                FROM unnest(\(Array(1...order.lines.count))::bigint[], \(order.lines.map(\.variantID))::text[],
                            \(order.lines.map(\.quantity))::bigint[], \(order.lines.map(\.priceMinor))::bigint[])
                    AS u(line_no, variant_id, quantity, price_minor)
                """)
            return true
        }
    }

    func order(source: String, orderID: String) throws -> OrderEvent? {
        try StoreError.mappingPostgres {
            guard
                let row = try connection.query(
                    """
                    SELECT id, email, currency, total_minor, status, attribution, placed_at
                    FROM orders WHERE source = \(source) AND external_id = \(orderID)
                    """
                ).first
            else { return nil }
            let id = try row.decode("id", as: Int64.self)
            let lines = try connection.query(
                """
                SELECT variant_id, quantity, price_minor FROM order_lines
                WHERE order_id = \(id) ORDER BY line_no
                """
            ).map { line in
                OrderEvent.Line(
                    variantID: try line.decode("variant_id"), quantity: try line.decode("quantity"),
                    priceMinor: try line.decode("price_minor"))
            }
            return OrderEvent(
                source: source, orderID: orderID, email: try row.decode("email"),
                currency: try row.decode("currency"), totalMinor: try row.decode("total_minor"),
                status: try row.decode("status"), attribution: try row.decode("attribution"),
                lines: lines, occurredAt: try row.timestamp("placed_at"))
        }
    }
}

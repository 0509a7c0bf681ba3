import GRDB
import RestockCore

/// `orders`, `order_lines`: what shoppers bought, for attribution and follow-up checks.
extension SQLiteTransaction {
    /// A known order keeps its lines and placement time; only its status moves (paid, refunded…).
    func saveOrder(_ order: OrderEvent, at: Timestamp) throws -> Bool {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    INSERT INTO orders (source, external_id, email, currency, total_minor, status,
                                        attribution, placed_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source, external_id) DO NOTHING
                    """
            ).execute(arguments: [
                order.source, order.orderID, order.email, order.currency, order.totalMinor,
                order.status, order.attribution, order.occurredAt.microseconds, at.microseconds,
            ])
            guard db.changesCount == 1 else {
                try db.cachedStatement(
                    sql: """
                        UPDATE orders SET status = ?, updated_at = ?
                        WHERE source = ? AND external_id = ?
                        """
                ).execute(arguments: [order.status, at.microseconds, order.source, order.orderID])
                return false
            }
            let id = db.lastInsertedRowID
            let insertLine = try db.cachedStatement(
                sql: """
                    INSERT INTO order_lines (order_id, line_no, variant_id, quantity, price_minor)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            for (index, line) in order.lines.enumerated() {
                try insertLine.execute(arguments: [
                    id, index + 1, line.variantID, line.quantity, line.priceMinor,
                ])
            }
            return true
        }
    }

    func order(source: String, orderID: String) throws -> OrderEvent? {
        try StoreError.mappingSQLite {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT id, email, currency, total_minor, status, attribution, placed_at
                            FROM orders WHERE source = ? AND external_id = ?
                            """),
                    arguments: [source, orderID])
            else { return nil }
            let lines = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT variant_id, quantity, price_minor FROM order_lines
                        WHERE order_id = ? ORDER BY line_no
                        """),
                arguments: [row["id"] as Int64]
            ).map { line in
                OrderEvent.Line(
                    variantID: line["variant_id"], quantity: line["quantity"],
                    priceMinor: line["price_minor"])
            }
            return OrderEvent(
                source: source, orderID: orderID, email: row["email"], currency: row["currency"],
                totalMinor: row["total_minor"], status: row["status"], attribution: row["attribution"],
                lines: lines, occurredAt: row.timestamp("placed_at"))
        }
    }
}

import RestockCore

/// `attributions`, and the reads attribution makes of `events`, `outbox_item_list` and `orders`.
extension SQLTransaction {
    func touches(watchIDs: [Int64], since: Timestamp, until: Timestamp) throws -> [AttributionTouch] {
        guard !watchIDs.isEmpty else { return [] }
        return try sql.all(
            """
            SELECT e.id, e.outbox_id, i.watch_id, e.kind, e.at
            FROM outbox_item_list i JOIN events e ON e.outbox_id = i.outbox_id
            WHERE i.watch_id \(anyOf: watchIDs) AND NOT e.machine
              AND e.at BETWEEN \(since.microseconds) AND \(until.microseconds)
            ORDER BY e.at, e.id
            """
        ) { row in
            AttributionTouch(
                eventID: try row.int64(0), outboxID: try row.int64(1), watchID: try row.int64(2),
                kind: try row.rawEnum(3), at: try row.timestamp(4))
        }
    }

    /// Each credit is stored against its own order (`orderSource`, `orderID`), all in one
    /// statement.
    func saveAttributions(_ attributions: [Attribution]) throws -> Int {
        guard !attributions.isEmpty else { return 0 }
        return try sql.execute(
            """
            INSERT INTO attributions (order_id, line_no, outbox_id, model, amount_minor, currency, event_id,
                                      created_at)
            SELECT o.id, c.line_no, c.outbox_id, c.model, c.amount_minor, c.currency, c.event_id, c.created_at
            FROM \(rows: SQLColumn("source", attributions.map(\.orderSource)),
                   SQLColumn("external_id", attributions.map(\.orderID)),
                   SQLColumn("line_no", attributions.map { Int64($0.lineNo) }),
                   SQLColumn("outbox_id", attributions.map(\.outboxID)),
                   SQLColumn("model", attributions.map(\.model.rawValue)),
                   SQLColumn("amount_minor", attributions.map(\.amountMinor)),
                   SQLColumn("currency", attributions.map(\.currency)), SQLColumn("event_id", attributions.map(\.eventID)),
                   SQLColumn("created_at", attributions.map(\.createdAt.microseconds)), as: "c")
            JOIN orders o ON o.source = c.source AND o.external_id = c.external_id
            WHERE true
            ON CONFLICT (order_id, line_no) DO NOTHING
            """)
    }

    /// `lines` `nil` reverses every line of the order.
    func reverseAttributions(source: String, orderID: String, lines: [Int]?, at: Timestamp) throws -> Int {
        try sql.execute(
            """
            UPDATE attributions SET reversed_at = \(at.microseconds)
            WHERE reversed_at IS NULL
              AND order_id = (SELECT id FROM orders WHERE source = \(source) AND external_id = \(orderID))
              AND (\(lines == nil) OR line_no \(anyOf: (lines ?? []).map(Int64.init)))
            """)
    }

    func attributions(source: String, orderID: String) throws -> [Attribution] {
        try sql.all(
            """
            SELECT a.line_no, a.outbox_id, a.model, a.amount_minor, a.currency, a.event_id, a.created_at,
                   a.reversed_at
            FROM attributions a JOIN orders o ON o.id = a.order_id
            WHERE o.source = \(source) AND o.external_id = \(orderID) ORDER BY a.line_no
            """
        ) { row in
            Attribution(
                orderSource: source, orderID: orderID, lineNo: try row.int(0), outboxID: try row.int64(1),
                model: try row.rawEnum(2), amountMinor: try row.int64(3), currency: try row.string(4),
                eventID: try row.optionalInt64(5), createdAt: try row.timestamp(6),
                reversedAt: try row.optionalTimestamp(7))
        }
    }

    func hasPurchased(email: String, variantID: String, since: Timestamp) throws -> Bool {
        try sql.first(
            """
            SELECT EXISTS (
                SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
                WHERE o.email = \(email) AND o.placed_at >= \(since.microseconds) AND l.variant_id = \(variantID)
                  AND o.status NOT IN ('cancelled', 'refunded'))
            """
        ) { try $0.bool(0) } ?? false
    }
}

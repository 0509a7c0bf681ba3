import LibPQ
import RestockCore

/// `attributions`, and the reads attribution makes of `events`, `outbox_item_list` and `orders`.
extension PostgresTransaction {
    func touches(watchIDs: [Int64], since: Timestamp, until: Timestamp) throws -> [AttributionTouch] {
        guard !watchIDs.isEmpty else { return [] }
        return try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT e.id, e.outbox_id, i.watch_id, e.kind, e.at
                FROM outbox_item_list i JOIN events e ON e.outbox_id = i.outbox_id
                WHERE i.watch_id = ANY(\(watchIDs)::bigint[]) AND NOT e.machine
                  AND e.at BETWEEN \(since.microseconds) AND \(until.microseconds)
                ORDER BY e.at, e.id
                """
            ).map { row in
                AttributionTouch(
                    eventID: try row.decode(0), outboxID: try row.decode(1), watchID: try row.decode(2),
                    kind: try row.rawEnum("kind"), at: Timestamp(microseconds: try row.decode(4)))
            }
        }
    }

    /// One statement for the order's lines.
    func saveAttributions(_ attributions: [Attribution]) throws -> Int {
        guard let first = attributions.first else { return 0 }
        return try StoreError.mappingPostgres {
            try connection.execute(
                """
                INSERT INTO attributions (order_id, line_no, outbox_id, model, amount_minor, currency, event_id,
                                          created_at)
                SELECT o.id, c.line_no, c.outbox_id, c.model, c.amount_minor, c.currency, c.event_id, c.created_at
                FROM orders o,
                     unnest(\(attributions.map { Int64($0.lineNo) })::bigint[], \(attributions.map(\.outboxID))::bigint[],
                            \(attributions.map(\.model.rawValue))::text[], \(attributions.map(\.amountMinor))::bigint[],
                            \(attributions.map(\.currency))::text[], \(attributions.map(\.eventID))::bigint[],
                            \(attributions.map(\.createdAt.microseconds))::bigint[])
                         AS c(line_no, outbox_id, model, amount_minor, currency, event_id, created_at)
                WHERE o.source = \(first.orderSource) AND o.external_id = \(first.orderID)
                ON CONFLICT (order_id, line_no) DO NOTHING
                """)
        }
    }

    func reverseAttributions(source: String, orderID: String, lines: [Int]?, at: Timestamp) throws -> Int {
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                UPDATE attributions SET reversed_at = \(at.microseconds)
                WHERE reversed_at IS NULL
                  AND order_id = (SELECT id FROM orders WHERE source = \(source) AND external_id = \(orderID))
                  AND (\(lines == nil) OR line_no = ANY(\((lines ?? []).map(Int64.init))::bigint[]))
                """)
        }
    }

    func attributions(source: String, orderID: String) throws -> [Attribution] {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT a.line_no, a.outbox_id, a.model, a.amount_minor, a.currency, a.event_id, a.created_at,
                       a.reversed_at
                FROM attributions a JOIN orders o ON o.id = a.order_id
                WHERE o.source = \(source) AND o.external_id = \(orderID) ORDER BY a.line_no
                """
            ).map { row in
                Attribution(
                    orderSource: source, orderID: orderID, lineNo: try row.decode("line_no"),
                    outboxID: try row.decode("outbox_id"), model: try row.rawEnum("model"),
                    amountMinor: try row.decode("amount_minor"), currency: try row.decode("currency"),
                    eventID: try row.decode("event_id"), createdAt: try row.timestamp("created_at"),
                    reversedAt: try row.optionalTimestamp("reversed_at"))
            }
        }
    }

    func hasPurchased(email: String, variantID: String, since: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT EXISTS (
                    SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
                    WHERE o.email = \(email) AND o.placed_at >= \(since.microseconds) AND l.variant_id = \(variantID)
                      AND o.status NOT IN ('cancelled', 'refunded'))
                """)[0].decode(0, as: Bool.self)
        }
    }
}

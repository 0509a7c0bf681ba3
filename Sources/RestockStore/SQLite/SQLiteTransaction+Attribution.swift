import GRDB
import RestockCore

/// `attributions`, and the reads attribution makes of `events`, `outbox_items` and `orders`.
extension SQLiteTransaction {
    func touches(watchIDs: [Int64], since: Timestamp, until: Timestamp) throws -> [AttributionTouch] {
        guard !watchIDs.isEmpty else { return [] }
        return try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT e.id, e.outbox_id, i.watch_id, e.kind, e.at
                        FROM outbox_items i JOIN events e ON e.outbox_id = i.outbox_id
                        WHERE i.watch_id IN (SELECT value FROM json_each(?1)) AND e.machine = 0
                          AND e.at BETWEEN ?2 AND ?3
                        ORDER BY e.at, e.id
                        """),
                arguments: [Self.jsonArray(watchIDs), since.microseconds, until.microseconds]
            ).map { row in
                AttributionTouch(
                    eventID: row[0], outboxID: row[1], watchID: row[2], kind: try row.rawEnum("kind"),
                    at: Timestamp(microseconds: row[4]))
            }
        }
    }

    func saveAttributions(_ attributions: [Attribution]) throws -> Int {
        try StoreError.mappingSQLite {
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO attributions (order_id, line_no, outbox_id, model, amount_minor, currency,
                                              event_id, created_at)
                    SELECT id, ?, ?, ?, ?, ?, ?, ? FROM orders WHERE source = ? AND external_id = ?
                    ON CONFLICT (order_id, line_no) DO NOTHING
                    """)
            var stored = 0
            for credit in attributions {
                try insert.execute(arguments: [
                    credit.lineNo, credit.outboxID, credit.model.rawValue, credit.amountMinor, credit.currency,
                    credit.eventID, credit.createdAt.microseconds, credit.orderSource, credit.orderID,
                ])
                stored += db.changesCount
            }
            return stored
        }
    }

    func reverseAttributions(source: String, orderID: String, lines: [Int]?, at: Timestamp) throws -> Int {
        try StoreError.mappingSQLite {
            // `lines` as a JSON array; NULL means every line.
            let only = lines.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }
            try db.cachedStatement(
                sql: """
                    UPDATE attributions SET reversed_at = ?
                    WHERE reversed_at IS NULL
                      AND order_id = (SELECT id FROM orders WHERE source = ? AND external_id = ?)
                      AND (?4 IS NULL OR line_no IN (SELECT value FROM json_each(?4)))
                    """
            ).execute(arguments: [at.microseconds, source, orderID, only])
            return db.changesCount
        }
    }

    func attributions(source: String, orderID: String) throws -> [Attribution] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT a.line_no, a.outbox_id, a.model, a.amount_minor, a.currency, a.event_id,
                               a.created_at, a.reversed_at
                        FROM attributions a JOIN orders o ON o.id = a.order_id
                        WHERE o.source = ? AND o.external_id = ? ORDER BY a.line_no
                        """),
                arguments: [source, orderID]
            ).map { row in
                Attribution(
                    orderSource: source, orderID: orderID, lineNo: row["line_no"], outboxID: row["outbox_id"],
                    model: try row.rawEnum("model"), amountMinor: row["amount_minor"], currency: row["currency"],
                    eventID: row["event_id"], createdAt: row.timestamp("created_at"),
                    reversedAt: row.optionalTimestamp("reversed_at"))
            }
        }
    }

    func hasPurchased(email: String, variantID: String, since: Timestamp) throws -> Bool {
        try StoreError.mappingSQLite {
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT EXISTS (
                            SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
                            WHERE o.email = ? AND o.placed_at >= ? AND l.variant_id = ?
                              AND o.status NOT IN ('cancelled', 'refunded'))
                        """),
                arguments: [email, since.microseconds, variantID]) ?? false
        }
    }
}

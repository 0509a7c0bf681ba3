import RestockCore

/// `follow_ups`: the purchase check due at the end of each notification's window.
extension SQLTransaction {
    /// A check per back-in-stock item of the given emails, in the order of the emails' ids and
    /// then their watches. The list of ids besides the join is what makes PostgreSQL's plan an
    /// index lookup of the rows' items: joined to `unnest` alone, the generic plan of the
    /// prepared statement scanned every item, 0.8 ms a send with 20,000 in the table.
    func scheduleFollowUps(_ due: [Int64: Timestamp]) throws -> Int {
        guard !due.isEmpty else { return 0 }
        let rows = due.sorted { $0.key < $1.key }
        return try sql.execute(
            """
            INSERT INTO follow_ups (watch_id, cycle_id, due_at)
            SELECT i.watch_id, i.cycle_id, d.due_at
            FROM \(rows: SQLColumn("outbox_id", rows.map(\.key)), SQLColumn("due_at", rows.map(\.value.microseconds)), as: "d")
            JOIN outbox_item_list i ON i.outbox_id = d.outbox_id
            WHERE i.outbox_id \(anyOf: rows.map(\.key)) AND i.kind = 'back_in_stock'
            ORDER BY d.outbox_id, i.watch_id
            ON CONFLICT (watch_id, cycle_id) DO NOTHING
            """)
    }

    private static var followUpColumns: String { "id, watch_id, cycle_id, due_at, done_at, outcome" }

    private static func followUp(_ row: Connection.Row) throws -> FollowUp {
        let outcome = try row.optionalString(5)
        return FollowUp(
            id: try row.int64(0), watchID: try row.int64(1), cycleID: try row.optionalInt64(2),
            dueAt: try row.timestamp(3), doneAt: try row.optionalTimestamp(4),
            outcome: try outcome.map { text in
                guard let outcome = FollowUp.Outcome(rawValue: text) else {
                    throw StoreError(.corrupt, details: "unknown follow-up outcome '\(text)'")
                }
                return outcome
            })
    }

    /// `SKIP LOCKED` on PostgreSQL: two daemons sharing the database check each follow-up once.
    func dueFollowUps(at: Timestamp, limit: Int) throws -> [FollowUp] {
        try sql.all(
            """
            SELECT \(raw: Self.followUpColumns) FROM follow_ups
            WHERE done_at IS NULL AND due_at <= \(at.microseconds)
            ORDER BY due_at, id LIMIT \(limit) \(sqlite: "", postgresql: "FOR UPDATE SKIP LOCKED")
            """, Self.followUp)
    }

    func completeFollowUp(id: Int64, outcome: FollowUp.Outcome, at: Timestamp) throws {
        let changed = try sql.execute(
            """
            UPDATE follow_ups SET done_at = \(at.microseconds), outcome = \(outcome.rawValue)
            WHERE id = \(id) AND done_at IS NULL
            """)
        guard changed == 1 else { throw StoreError(.notFound, details: "open follow-up \(id)") }
    }

    func followUps(watchID: Int64) throws -> [FollowUp] {
        try sql.all(
            "SELECT \(raw: Self.followUpColumns) FROM follow_ups WHERE watch_id = \(watchID) ORDER BY id",
            Self.followUp)
    }
}

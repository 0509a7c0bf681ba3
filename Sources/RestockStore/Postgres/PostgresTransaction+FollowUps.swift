import LibPQ
import RestockCore

/// `follow_ups`: the purchase check due at the end of each notification's window.
extension PostgresTransaction {
    /// The `= ANY` on the ids, besides the join, is what makes the plan an index lookup of
    /// the rows' items: joined to `unnest` alone, the generic plan of the prepared statement
    /// scanned every item, 0.8 ms a send with 20,000 in the table.
    func scheduleFollowUps(_ due: [Int64: Timestamp]) throws -> Int {
        guard !due.isEmpty else { return 0 }
        let rows = due.sorted { $0.key < $1.key }
        return try StoreError.mappingPostgres {
            try connection.execute(
                """
                INSERT INTO follow_ups (watch_id, cycle_id, due_at)
                SELECT i.watch_id, i.cycle_id, d.due_at
                FROM unnest(\(rows.map(\.key))::bigint[], \(rows.map(\.value.microseconds))::bigint[]) AS d(outbox_id, due_at)
                JOIN outbox_item_list i ON i.outbox_id = d.outbox_id
                WHERE i.outbox_id = ANY(\(rows.map(\.key))::bigint[]) AND i.kind = 'back_in_stock'
                ORDER BY i.watch_id
                ON CONFLICT (watch_id, cycle_id) DO NOTHING
                """)
        }
    }

    private static let followUpColumns = "id, watch_id, cycle_id, due_at, done_at, outcome"

    private static func followUp(_ row: PostgresRow) throws -> FollowUp {
        let outcome = try row.decode("outcome", as: String?.self)
        return FollowUp(
            id: try row.decode("id"), watchID: try row.decode("watch_id"), cycleID: try row.decode("cycle_id"),
            dueAt: try row.timestamp("due_at"), doneAt: try row.optionalTimestamp("done_at"),
            outcome: try outcome.map { text in
                guard let outcome = FollowUp.Outcome(rawValue: text) else {
                    throw StoreError(.corrupt, details: "unknown follow-up outcome '\(text)'")
                }
                return outcome
            })
    }

    /// `SKIP LOCKED`: two daemons sharing the database check each follow-up once.
    func dueFollowUps(at: Timestamp, limit: Int) throws -> [FollowUp] {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.followUpColumns) FROM follow_ups
                WHERE done_at IS NULL AND due_at <= \(at.microseconds)
                ORDER BY due_at, id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
                """
            ).map(Self.followUp)
        }
    }

    func completeFollowUp(id: Int64, outcome: FollowUp.Outcome, at: Timestamp) throws {
        try StoreError.mappingPostgres {
            let changed = try connection.execute(
                """
                UPDATE follow_ups SET done_at = \(at.microseconds), outcome = \(outcome.rawValue)
                WHERE id = \(id) AND done_at IS NULL
                """)
            guard changed == 1 else { throw StoreError(.notFound, details: "open follow-up \(id)") }
        }
    }

    func followUps(watchID: Int64) throws -> [FollowUp] {
        try StoreError.mappingPostgres {
            try connection.query(
                "SELECT \(unsafeRaw: Self.followUpColumns) FROM follow_ups WHERE watch_id = \(watchID) ORDER BY id"
            ).map(Self.followUp)
        }
    }
}

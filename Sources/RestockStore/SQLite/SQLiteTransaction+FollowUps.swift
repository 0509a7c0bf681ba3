import GRDB
import RestockCore

/// `follow_ups`: the purchase check due at the end of each notification's window.
extension SQLiteTransaction {
    func scheduleFollowUps(_ due: [Int64: Timestamp]) throws -> Int {
        guard !due.isEmpty else { return 0 }
        return try StoreError.mappingSQLite {
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO follow_ups (watch_id, cycle_id, due_at)
                    SELECT watch_id, cycle_id, ? FROM outbox_items WHERE outbox_id = ? AND kind = 'back_in_stock'
                    ON CONFLICT (watch_id, cycle_id) DO NOTHING
                    """)
            var added = 0
            for (outboxID, dueAt) in due.sorted(by: { $0.key < $1.key }) {
                try insert.execute(arguments: [dueAt.microseconds, outboxID])
                added += db.changesCount
            }
            return added
        }
    }

    private static let followUpColumns = "id, watch_id, cycle_id, due_at, done_at, outcome"

    private static func followUp(_ row: Row) throws -> FollowUp {
        FollowUp(
            id: row["id"], watchID: row["watch_id"], cycleID: row["cycle_id"], dueAt: row.timestamp("due_at"),
            doneAt: row.optionalTimestamp("done_at"),
            outcome: try (row["outcome"] as String?).map { text in
                guard let outcome = FollowUp.Outcome(rawValue: text) else {
                    throw StoreError(.corrupt, details: "unknown follow-up outcome '\(text)'")
                }
                return outcome
            })
    }

    func dueFollowUps(at: Timestamp, limit: Int) throws -> [FollowUp] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.followUpColumns) FROM follow_ups
                        WHERE done_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?
                        """),
                arguments: [at.microseconds, limit]
            ).map(Self.followUp)
        }
    }

    func completeFollowUp(id: Int64, outcome: FollowUp.Outcome, at: Timestamp) throws {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: "UPDATE follow_ups SET done_at = ?, outcome = ? WHERE id = ? AND done_at IS NULL"
            ).execute(arguments: [at.microseconds, outcome.rawValue, id])
            guard db.changesCount == 1 else { throw StoreError(.notFound, details: "open follow-up \(id)") }
        }
    }

    func followUps(watchID: Int64) throws -> [FollowUp] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.followUpColumns) FROM follow_ups WHERE watch_id = ? ORDER BY id"),
                arguments: [watchID]
            ).map(Self.followUp)
        }
    }
}

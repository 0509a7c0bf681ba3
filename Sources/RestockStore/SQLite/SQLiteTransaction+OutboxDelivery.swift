import GRDB
import RestockCore

/// `outbox`: the delivery states of a row (docs/ARCHITECTURE.md §5): `queued` → `sending` → `sent`,
/// or back to `queued` to retry, or `failed`.
extension SQLiteTransaction {
    /// One UPDATE claims and marks the rows; SQLite's single writer means no other claim can
    /// interleave, so each claim raises a row's `lease_token` to a value no earlier claim had.
    /// RETURNING has no order, so the rows are sorted afterwards. `INDEXED BY`: without
    /// statistics the planner prefers `(state, id)` and sorts every due row.
    func claimOutbox(now: Timestamp, leaseUntil: Timestamp, limit: Int) throws -> [OutboxEntry] {
        try StoreError.mappingSQLite {
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE outbox SET state = 'sending', due_at = ?2, attempts = attempts + 1,
                            lease_token = lease_token + 1, updated_at = ?1
                        WHERE id IN (
                            SELECT id FROM outbox INDEXED BY outbox_claimable
                            WHERE state IN ('queued', 'sending') AND due_at <= ?1
                            ORDER BY due_at, id LIMIT ?3)
                        RETURNING \(Self.outboxColumns)
                        """),
                arguments: [now.microseconds, leaseUntil.microseconds, limit])
            let items = try outboxItems(of: rows.map { $0["id"] })
            return try rows.map { try Self.outboxEntry($0, items: items) }.sorted { $0.id < $1.id }
        }
    }

    func markOutboxSent(id: Int64, token: Int64, messageID: String, reply: String, at: Timestamp) throws -> Bool {
        try mark(
            "state = 'sent', sent_at = ?, message_id = ?, reply = ?, updated_at = ?",
            [at.microseconds, messageID, reply, at.microseconds], id: id, token: token)
    }

    /// A loop: in process, a statement costs no round trip.
    func markOutboxSent(_ marks: [SentMark]) throws -> Set<Int64> {
        var marked = Set<Int64>()
        for mark in marks
        where try markOutboxSent(
            id: mark.id, token: mark.token, messageID: mark.messageID, reply: mark.reply, at: mark.at)
        {
            marked.insert(mark.id)
        }
        return marked
    }

    func markOutboxRetry(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool {
        try mark(
            "state = 'queued', due_at = ?, last_error = ?, deferred_since = coalesce(deferred_since, ?), updated_at = ?",
            [retryAt.microseconds, error, at.microseconds, at.microseconds], id: id, token: token)
    }

    func markOutboxInDoubt(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool {
        try mark(
            "due_at = ?, last_error = ?, deferred_since = coalesce(deferred_since, ?), updated_at = ?",
            [retryAt.microseconds, error, at.microseconds, at.microseconds], id: id, token: token)
    }

    /// `max(attempts - 1, 0)`: the claim counted one; SQLite's two-argument `max` is scalar.
    func markOutboxRequeued(id: Int64, token: Int64, dueAt: Timestamp, error: String?, at: Timestamp) throws -> Bool {
        try mark(
            """
            state = 'queued', due_at = ?, attempts = max(attempts - 1, 0), last_error = coalesce(?, last_error),
                updated_at = ?
            """,
            [dueAt.microseconds, error, at.microseconds], id: id, token: token)
    }

    func markOutboxFailed(id: Int64, token: Int64, error: String, at: Timestamp) throws -> Bool {
        try mark("state = 'failed', last_error = ?, updated_at = ?", [error, at.microseconds], id: id, token: token)
    }

    /// Found through the items' unique index, which leads with `watch_id`: no index on the
    /// outbox's customer is kept just for this rare call.
    func cancelQueuedOutbox(watchIDs: [Int64], at: Timestamp) throws -> Int {
        guard !watchIDs.isEmpty else { return 0 }
        return try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = 'cancelled', updated_at = ?
                    WHERE state = 'queued' AND id IN (
                        SELECT outbox_id FROM outbox_items WHERE watch_id IN (SELECT value FROM json_each(?)))
                    """
            ).execute(arguments: [at.microseconds, Self.jsonArray(watchIDs)])
            return db.changesCount
        }
    }

    /// `assignments` are fixed SQL of this file; only the values are arguments. The row must
    /// still be `sending` under the claim that `token` names.
    private func mark(_ assignments: String, _ values: StatementArguments, id: Int64, token: Int64) throws -> Bool {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: "UPDATE outbox SET \(assignments) WHERE id = ? AND state = 'sending' AND lease_token = ?"
            )
            .execute(arguments: values + [id, token])
            return db.changesCount == 1
        }
    }
}

import LibPQ
import RestockCore

/// `outbox`: the delivery states of a row (docs/ARCHITECTURE.md §5): `queued` → `sending` → `sent`,
/// or back to `queued` to retry, or `failed`.
extension SQLTransaction {
    /// One statement claims and marks the rows, and each claim raises a row's `lease_token` to
    /// a value no earlier claim had. RETURNING has no order, so the rows are sorted afterwards.
    ///
    /// SQLite: its single writer means no other claim can interleave. `INDEXED BY`: without
    /// statistics the planner prefers `(state, id)` and sorts every due row. PostgreSQL:
    /// `SKIP LOCKED` lets several dispatchers, in this daemon or others on the same database,
    /// claim side by side without waiting for or taking each other's rows; the row lock it takes
    /// makes `lease_token + 1` unique per claim.
    func claimOutbox(now: Timestamp, leaseUntil: Timestamp, limit: Int) throws -> [OutboxEntry] {
        // Qualified on PostgreSQL, where `id` is also the CTE's.
        let qualified = Self.outboxColumns.split(separator: ",")
            .map { "o." + $0.filter { !$0.isWhitespace } }.joined(separator: ", ")
        let claim: SQL =
            switch sql.dialect {
            case .sqlite:
                """
                UPDATE outbox SET state = 'sending', due_at = \(leaseUntil.microseconds), attempts = attempts + 1,
                    lease_token = lease_token + 1, updated_at = \(now.microseconds)
                WHERE id IN (
                    SELECT id FROM outbox INDEXED BY outbox_claimable
                    WHERE state IN ('queued', 'sending') AND due_at <= \(now.microseconds)
                    ORDER BY due_at, id LIMIT \(limit))
                RETURNING \(raw: Self.outboxColumns)
                """
            case .postgresql:
                """
                WITH due AS (
                    SELECT id FROM outbox
                    WHERE state IN ('queued', 'sending') AND due_at <= \(now.microseconds)
                    ORDER BY due_at, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE outbox o
                SET state = 'sending', due_at = \(leaseUntil.microseconds), attempts = o.attempts + 1,
                    lease_token = o.lease_token + 1, updated_at = \(now.microseconds)
                FROM due WHERE o.id = due.id
                RETURNING \(raw: qualified)
                """
            }
        return try outboxEntries(claim).sorted { $0.id < $1.id }
    }

    func markOutboxSent(id: Int64, token: Int64, messageID: String, reply: String, at: Timestamp) throws -> Bool {
        try mark(
            "state = 'sent', sent_at = \(at.microseconds), message_id = \(messageID), reply = \(reply), updated_at = \(at.microseconds)",
            id: id, token: token)
    }

    /// One UPDATE over the rows' values: the dispatcher's group commits carry a few to a few
    /// hundred sends each, and a statement per row was a round trip per message on PostgreSQL.
    func markOutboxSent(_ marks: [SentMark]) throws -> Set<Int64> {
        guard !marks.isEmpty else { return [] }
        return Set(
            try sql.all(
                """
                UPDATE outbox
                SET state = 'sent', sent_at = d.at, message_id = d.message_id, reply = d.reply, updated_at = d.at
                FROM \(rows: SQLColumn("outbox_id", marks.map(\.id)), SQLColumn("token", marks.map(\.token)),
                       SQLColumn("message_id", marks.map(\.messageID)), SQLColumn("reply", marks.map(\.reply)),
                       SQLColumn("at", marks.map(\.at.microseconds)), as: "d")
                WHERE outbox.id = d.outbox_id AND outbox.state = 'sending' AND outbox.lease_token = d.token
                RETURNING id
                """
            ) { try $0.int64(0) })
    }

    func markOutboxRetry(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool {
        try mark(
            """
            state = 'queued', due_at = \(retryAt.microseconds), last_error = \(error),
                deferred_since = coalesce(deferred_since, \(at.microseconds)), updated_at = \(at.microseconds)
            """, id: id, token: token)
    }

    func markOutboxInDoubt(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool {
        try mark(
            """
            due_at = \(retryAt.microseconds), last_error = \(error),
                deferred_since = coalesce(deferred_since, \(at.microseconds)), updated_at = \(at.microseconds)
            """, id: id, token: token)
    }

    /// The claim counted one attempt, which is given back; SQLite's two-argument `max` is
    /// PostgreSQL's `greatest`.
    func markOutboxRequeued(id: Int64, token: Int64, dueAt: Timestamp, error: String?, at: Timestamp) throws -> Bool {
        try mark(
            """
            state = 'queued', due_at = \(dueAt.microseconds),
                attempts = \(sqlite: "max", postgresql: "greatest")(attempts - 1, 0),
                last_error = coalesce(\(error), last_error), updated_at = \(at.microseconds)
            """, id: id, token: token)
    }

    func markOutboxFailed(id: Int64, token: Int64, error: String, at: Timestamp) throws -> Bool {
        try mark("state = 'failed', last_error = \(error), updated_at = \(at.microseconds)", id: id, token: token)
    }

    /// Found through the watch indexes of `outbox_item_list`'s two halves (the items' unique
    /// index, which leads with `watch_id`, and `outbox_watch`): no index on the outbox's
    /// customer is kept just for this rare call.
    func cancelQueuedOutbox(watchIDs: [Int64], at: Timestamp) throws -> Int {
        guard !watchIDs.isEmpty else { return 0 }
        return try sql.execute(
            """
            UPDATE outbox SET state = 'cancelled', updated_at = \(at.microseconds)
            WHERE state = 'queued' AND id IN (
                SELECT outbox_id FROM outbox_item_list WHERE watch_id \(anyOf: watchIDs))
            """)
    }

    /// `assignments` are fixed SQL of this file with their values as parameters. The row must
    /// still be `sending` under the claim that `token` names.
    private func mark(_ assignments: SQL, id: Int64, token: Int64) throws -> Bool {
        var statement: SQL = "UPDATE outbox SET "
        statement.parts += assignments.parts
        statement.parts += (" WHERE id = \(id) AND state = 'sending' AND lease_token = \(token)" as SQL).parts
        return try sql.execute(statement) == 1
    }
}

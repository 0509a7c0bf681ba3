import LibPQ
import RestockCore

/// `outbox`: the delivery states of a row (docs/ARCHITECTURE.md §5): `queued` → `sending` → `sent`,
/// or back to `queued` to retry, or `failed`.
extension PostgresTransaction {
    /// One statement claims and marks the rows. `SKIP LOCKED` lets several dispatchers, in
    /// this daemon or others on the same database, claim side by side without waiting for or
    /// taking each other's rows; the row lock it takes also makes each claim's
    /// `lease_token + 1` a value no earlier claim of the row had. RETURNING has no order, so the
    /// rows are sorted afterwards; its columns are read by name.
    func claimOutbox(now: Timestamp, leaseUntil: Timestamp, limit: Int) throws -> [OutboxEntry] {
        try StoreError.mappingPostgres {
            let rows = try connection.query(
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
                RETURNING o.*
                """)
            let items = try outboxItems(of: try rows.map { try $0.decode("id", as: Int64.self) })
            return try rows.map { try Self.outboxEntry($0, items: items) }.sorted { $0.id < $1.id }
        }
    }

    func markOutboxSent(id: Int64, token: Int64, messageID: String, reply: String, at: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                UPDATE outbox SET state = 'sent', sent_at = \(at.microseconds), message_id = \(messageID),
                    reply = \(reply), updated_at = \(at.microseconds)
                WHERE id = \(id) AND state = 'sending' AND lease_token = \(token)
                """) == 1
        }
    }

    /// One UPDATE over the rows' values as arrays: the dispatcher's group commits carry a few
    /// to a few hundred sends each, and a statement per row was a round trip per message.
    func markOutboxSent(_ marks: [SentMark]) throws -> Set<Int64> {
        guard !marks.isEmpty else { return [] }
        return try StoreError.mappingPostgres {
            Set(
                try connection.query(
                    """
                    UPDATE outbox o
                    SET state = 'sent', sent_at = d.at, message_id = d.message_id, reply = d.reply, updated_at = d.at
                    FROM unnest(\(marks.map(\.id))::bigint[], \(marks.map(\.token))::bigint[],
                                \(marks.map(\.messageID))::text[], \(marks.map(\.reply))::text[],
                                \(marks.map(\.at.microseconds))::bigint[])
                         AS d(id, token, message_id, reply, at)
                    WHERE o.id = d.id AND o.state = 'sending' AND o.lease_token = d.token
                    RETURNING o.id
                    """
                ).map { try $0.decode(0, as: Int64.self) })
        }
    }

    func markOutboxRetry(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                UPDATE outbox SET state = 'queued', due_at = \(retryAt.microseconds), last_error = \(error),
                    deferred_since = coalesce(deferred_since, \(at.microseconds)), updated_at = \(at.microseconds)
                WHERE id = \(id) AND state = 'sending' AND lease_token = \(token)
                """) == 1
        }
    }

    func markOutboxInDoubt(id: Int64, token: Int64, retryAt: Timestamp, error: String, at: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                UPDATE outbox SET due_at = \(retryAt.microseconds), last_error = \(error),
                    deferred_since = coalesce(deferred_since, \(at.microseconds)), updated_at = \(at.microseconds)
                WHERE id = \(id) AND state = 'sending' AND lease_token = \(token)
                """) == 1
        }
    }

    func markOutboxRequeued(id: Int64, token: Int64, dueAt: Timestamp, error: String?, at: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                UPDATE outbox SET state = 'queued', due_at = \(dueAt.microseconds), attempts = greatest(attempts - 1, 0),
                    last_error = coalesce(\(error)::text, last_error), updated_at = \(at.microseconds)
                WHERE id = \(id) AND state = 'sending' AND lease_token = \(token)
                """) == 1
        }
    }

    func markOutboxFailed(id: Int64, token: Int64, error: String, at: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                UPDATE outbox SET state = 'failed', last_error = \(error), updated_at = \(at.microseconds)
                WHERE id = \(id) AND state = 'sending' AND lease_token = \(token)
                """) == 1
        }
    }

    /// Found through the watch indexes of `outbox_item_list`'s two halves (the items' unique
    /// index, which leads with `watch_id`, and `outbox_watch`): no index on the outbox's
    /// customer is kept just for this rare call.
    func cancelQueuedOutbox(watchIDs: [Int64], at: Timestamp) throws -> Int {
        guard !watchIDs.isEmpty else { return 0 }
        return try StoreError.mappingPostgres {
            try connection.execute(
                """
                UPDATE outbox SET state = 'cancelled', updated_at = \(at.microseconds)
                WHERE state = 'queued' AND id IN (
                    SELECT outbox_id FROM outbox_item_list WHERE watch_id = ANY(\(watchIDs)::bigint[]))
                """)
        }
    }
}

import LibPQ
import RestockCore

/// `events`: every open and click that carried a valid token, people's and machines'.
extension PostgresTransaction {
    func recordEvent(_ event: TrackingEvent) throws -> Int64? {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                INSERT INTO events (kind, outbox_id, watch_id, link_id, at, machine, reason, user_agent, ip, visitor)
                VALUES (\(event.kind.rawValue), \(event.outboxID), \(event.watchID), \(event.linkID),
                        \(event.at.microseconds), \(event.machine), \(event.reason), \(event.userAgent),
                        \(event.ip), \(event.visitor))
                ON CONFLICT DO NOTHING
                RETURNING id
                """
            ).first.map { try $0.decode(0, as: Int64.self) }
        }
    }

    func events(outboxID: Int64, kind: TrackingKind?) throws -> [TrackingEvent] {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT id, kind, outbox_id, watch_id, link_id, at, machine, reason, user_agent, ip, visitor
                FROM events
                WHERE outbox_id = \(outboxID) AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue)::text)
                ORDER BY at, id
                """
            ).map { row in
                TrackingEvent(
                    id: try row.decode(0), kind: try row.rawEnum("kind"), outboxID: try row.decode(2),
                    watchID: try row.decode(3), linkID: try row.decode(4),
                    at: Timestamp(microseconds: try row.decode(5)), machine: try row.decode(6),
                    reason: try row.decode(7), userAgent: try row.decode(8), ip: try row.decode(9),
                    visitor: try row.decode(10, as: String?.self) ?? "")
            }
        }
    }

    func markEventsMachine(ids: [Int64], reason: String) throws {
        guard !ids.isEmpty else { return }
        try StoreError.mappingPostgres {
            try connection.execute(
                "UPDATE events SET machine = true, reason = \(reason) WHERE id = ANY(\(ids)::bigint[])")
        }
    }
}

import GRDB
import RestockCore

/// `events`: every open and click that carried a valid token, people's and machines'.
extension SQLiteTransaction {
    func recordEvent(_ event: TrackingEvent) throws -> Int64? {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    INSERT INTO events (kind, outbox_id, watch_id, link_id, at, machine, reason, user_agent,
                                        ip, visitor)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """
            ).execute(arguments: [
                event.kind.rawValue, event.outboxID, event.watchID, event.linkID, event.at.microseconds,
                event.machine, event.reason, event.userAgent, event.ip, event.visitor,
            ])
            return db.changesCount == 1 ? db.lastInsertedRowID : nil
        }
    }

    func events(outboxID: Int64, kind: TrackingKind?) throws -> [TrackingEvent] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, kind, outbox_id, watch_id, link_id, at, machine, reason, user_agent, ip, visitor
                        FROM events WHERE outbox_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY at, id
                        """),
                arguments: [outboxID, kind?.rawValue]
            ).map { row in
                TrackingEvent(
                    id: row["id"], kind: try row.rawEnum("kind"), outboxID: row["outbox_id"],
                    watchID: row["watch_id"], linkID: row["link_id"], at: row.timestamp("at"),
                    machine: row["machine"], reason: row["reason"], userAgent: row["user_agent"], ip: row["ip"],
                    visitor: row["visitor"] ?? "")
            }
        }
    }

    func markEventsMachine(ids: [Int64], reason: String) throws {
        guard !ids.isEmpty else { return }
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: "UPDATE events SET machine = 1, reason = ? WHERE id IN (SELECT value FROM json_each(?))"
            ).execute(arguments: [reason, Self.jsonArray(ids)])
        }
    }
}

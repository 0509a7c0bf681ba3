import GRDB
import RestockCore

/// `events`: every open and click that carried a valid token, people's and machines'; and
/// `people_events`, how many of each email's are people's, kept with every write to `events`.
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
            guard db.changesCount == 1 else { return nil }
            let id = db.lastInsertedRowID
            if !event.machine { try countPeople(outboxID: event.outboxID, kind: event.kind.rawValue, by: 1) }
            return id
        }
    }

    private func countPeople(outboxID: Int64, kind: String, by delta: Int) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO people_events (outbox_id, kind, events) VALUES (?1, ?2, ?3)
                ON CONFLICT (outbox_id, kind) DO UPDATE SET events = events + ?3
                """
        ).execute(arguments: [outboxID, kind, delta])
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

    /// Events already a machine's keep their reason.
    func markEventsMachine(ids: [Int64], reason: String) throws {
        guard !ids.isEmpty else { return }
        try StoreError.mappingSQLite {
            let marked = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE events SET machine = 1, reason = ?
                        WHERE id IN (SELECT value FROM json_each(?)) AND machine = 0
                        RETURNING outbox_id, kind
                        """),
                arguments: [reason, Self.jsonArray(ids)])
            for row in marked {
                if let outboxID: Int64 = row["outbox_id"] {
                    try countPeople(outboxID: outboxID, kind: row["kind"], by: -1)
                }
            }
        }
    }
}

/// The reads that judge one hit, each a probe of one index or key (migration 9), so a hit costs the
/// same however many opens and clicks the email has had.
extension SQLiteTransaction {
    /// One writer, whose transactions run one after the other: nothing more to hold.
    func lockTracking(outboxID: Int64) throws {}

    /// Four statements, each a function call into SQLite rather than a round trip.
    func clickHistory(
        linkID: Int64, outboxID: Int64, visitor: String, repeatSince: Timestamp, near: ClosedRange<Timestamp>
    ) throws -> ClickHistory {
        try StoreError.mappingSQLite {
            // `kind = 'click'` as a literal: the link indexes are partial, and SQLite uses one
            // only when the query's terms imply its WHERE clause.
            let repeated =
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT EXISTS (SELECT 1 FROM events
                                           WHERE kind = 'click' AND link_id = ? AND visitor = ? AND at >= ?)
                            """),
                    arguments: [linkID, visitor, repeatSince.microseconds]) ?? false
            let nearby = try [0, 1].flatMap { machine in
                try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT e.id, e.link_id, e.at, e.machine
                            FROM links l JOIN events e ON e.link_id = l.id
                            WHERE l.outbox_id = ?1 AND l.id <> ?2 AND e.kind = 'click' AND e.machine = ?3
                              AND e.at BETWEEN ?4 AND ?5
                            LIMIT ?6
                            """),
                    // Every person's click (a burst marks each; SQLite reads LIMIT -1 as none), and
                    // one machine's.
                    arguments: [
                        outboxID, linkID, machine, near.lowerBound.microseconds, near.upperBound.microseconds,
                        machine == 0 ? -1 : 1,
                    ]
                ).map { row in
                    TrafficClassifier.PriorClick(
                        eventID: row["id"], linkID: row["link_id"], at: row.timestamp("at"), machine: row["machine"])
                }
            }
            return ClickHistory(
                repeated: repeated, nearby: nearby, peopleClicked: try hasPersonEvent(outboxID: outboxID, kind: .click))
        }
    }

    func hasPersonEvent(outboxID: Int64, kind: TrackingKind) throws -> Bool {
        try StoreError.mappingSQLite {
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT events > 0 FROM people_events WHERE outbox_id = ? AND kind = ?"),
                arguments: [outboxID, kind.rawValue]) ?? false
        }
    }
}

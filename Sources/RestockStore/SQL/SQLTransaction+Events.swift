import LibPQ
import RestockCore

/// `events`: every open and click that carried a valid token, people's and machines'; and
/// `people_events`, how many of each email's are people's, kept with every write to `events`.
///
/// Where PostgreSQL writes both in one statement (a data-modifying CTE, a round trip saved on
/// every hit), SQLite, which has no such CTE and no round trips, runs two.
extension SQLTransaction {
    func recordEvent(_ event: TrackingEvent) throws -> Int64? {
        if let postgres = sql as? PostgresSQLConnection { return try postgres.recordEvent(event) }
        let id = try sql.first(
            """
            INSERT INTO events (kind, outbox_id, watch_id, link_id, at, machine, reason, user_agent, ip, visitor)
            VALUES (\(event.kind.rawValue), \(event.outboxID), \(event.watchID), \(event.linkID),
                    \(event.at.microseconds), \(event.machine), \(event.reason), \(event.userAgent), \(event.ip),
                    \(event.visitor))
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ) { try $0.int64(0) }
        if id != nil, !event.machine { try countPeople(outboxID: event.outboxID, kind: event.kind.rawValue, by: 1) }
        return id
    }

    private func countPeople(outboxID: Int64, kind: String, by delta: Int) throws {
        try sql.execute(
            """
            INSERT INTO people_events (outbox_id, kind, events) VALUES (\(outboxID), \(kind), \(delta))
            ON CONFLICT (outbox_id, kind) DO UPDATE SET events = people_events.events + excluded.events
            """)
    }

    func events(outboxID: Int64, kind: TrackingKind?) throws -> [TrackingEvent] {
        let columns = "id, kind, outbox_id, watch_id, link_id, at, machine, reason, user_agent, ip, visitor"
        let query: SQL =
            if let kind {
                """
                SELECT \(raw: columns) FROM events WHERE outbox_id = \(outboxID) AND kind = \(kind.rawValue)
                ORDER BY at, id
                """
            } else {
                "SELECT \(raw: columns) FROM events WHERE outbox_id = \(outboxID) ORDER BY at, id"
            }
        return try sql.all(query) { row in
            TrackingEvent(
                id: try row.int64(0), kind: try row.rawEnum(1), outboxID: try row.int64(2),
                watchID: try row.optionalInt64(3), linkID: try row.optionalInt64(4), at: try row.timestamp(5),
                machine: try row.bool(6), reason: try row.optionalString(7), userAgent: try row.optionalString(8),
                ip: try row.optionalString(9), visitor: try row.optionalString(10) ?? "")
        }
    }

    /// Events already a machine's keep their reason; the people's events they were are taken
    /// back from `people_events`.
    func markEventsMachine(ids: [Int64], reason: String) throws {
        guard !ids.isEmpty else { return }
        if let postgres = sql as? PostgresSQLConnection {
            try postgres.markEventsMachine(ids: ids, reason: reason)
            return
        }
        let marked = try sql.all(
            """
            UPDATE events SET machine = true, reason = \(reason)
            WHERE id \(anyOf: ids) AND NOT machine
            RETURNING outbox_id, kind
            """
        ) { (outboxID: try $0.optionalInt64(0), kind: try $0.string(1)) }
        for mark in marked {
            if let outboxID = mark.outboxID { try countPeople(outboxID: outboxID, kind: mark.kind, by: -1) }
        }
    }

    /// One writer, whose transactions run one after the other, needs nothing more; PostgreSQL
    /// takes an advisory lock on the email.
    func lockTracking(outboxID: Int64) throws {
        if let postgres = sql as? PostgresSQLConnection { try postgres.lockTracking(outboxID: outboxID) }
    }

    /// SQLite: four statements, each a function call rather than a round trip. PostgreSQL: one.
    /// `kind = 'click'` is a literal: the link indexes are partial, and a planner uses one only
    /// when the query's terms imply its WHERE clause.
    func clickHistory(
        linkID: Int64, outboxID: Int64, visitor: String, repeatSince: Timestamp, near: ClosedRange<Timestamp>
    ) throws -> ClickHistory {
        if let postgres = sql as? PostgresSQLConnection {
            return try postgres.clickHistory(
                linkID: linkID, outboxID: outboxID, visitor: visitor, repeatSince: repeatSince, near: near)
        }
        let repeated =
            try sql.first(
                """
                SELECT EXISTS (SELECT 1 FROM events
                               WHERE kind = 'click' AND link_id = \(linkID) AND visitor = \(visitor)
                                 AND at >= \(repeatSince.microseconds))
                """
            ) { try $0.bool(0) } ?? false
        // Every person's click (a burst marks each; SQLite reads LIMIT -1 as none), and one
        // machine's.
        let nearby = try [false, true].flatMap { machine in
            try sql.all(
                """
                SELECT e.id, e.link_id, e.at, e.machine
                FROM links l JOIN events e ON e.link_id = l.id
                WHERE l.outbox_id = \(outboxID) AND l.id <> \(linkID) AND e.kind = 'click' AND e.machine = \(machine)
                  AND e.at BETWEEN \(near.lowerBound.microseconds) AND \(near.upperBound.microseconds)
                LIMIT \(machine ? 1 : -1)
                """
            ) { row in
                TrafficClassifier.PriorClick(
                    eventID: try row.int64(0), linkID: try row.int64(1), at: try row.timestamp(2),
                    machine: try row.bool(3))
            }
        }
        return ClickHistory(
            repeated: repeated, nearby: nearby, peopleClicked: try hasPersonEvent(outboxID: outboxID, kind: .click))
    }

    func hasPersonEvent(outboxID: Int64, kind: TrackingKind) throws -> Bool {
        try sql.first(
            "SELECT events > 0 FROM people_events WHERE outbox_id = \(outboxID) AND kind = \(kind.rawValue)"
        ) { try $0.bool(0) } ?? false
    }
}

extension PostgresSQLConnection {
    /// One statement: the event, and a person's counted with it.
    func recordEvent(_ event: TrackingEvent) throws -> Int64? {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                WITH inserted AS (
                    INSERT INTO events (kind, outbox_id, watch_id, link_id, at, machine, reason, user_agent, ip,
                                        visitor)
                    VALUES (\(event.kind.rawValue), \(event.outboxID), \(event.watchID), \(event.linkID),
                            \(event.at.microseconds), \(event.machine), \(event.reason), \(event.userAgent),
                            \(event.ip), \(event.visitor))
                    ON CONFLICT DO NOTHING
                    RETURNING id, outbox_id, kind, machine
                ), counted AS (
                    INSERT INTO people_events (outbox_id, kind, events)
                    SELECT outbox_id, kind, 1 FROM inserted WHERE NOT machine
                    ON CONFLICT (outbox_id, kind) DO UPDATE SET events = people_events.events + 1
                )
                SELECT id FROM inserted
                """
            ).first.map { try $0.decode(0, as: Int64.self) }
        }
    }

    /// One statement: the marks, and the people's events they take back. Events already a
    /// machine's keep their reason.
    func markEventsMachine(ids: [Int64], reason: String) throws {
        guard !ids.isEmpty else { return }
        try StoreError.mappingPostgres {
            try connection.execute(
                """
                WITH marked AS (
                    UPDATE events SET machine = true, reason = \(reason)
                    WHERE id = ANY(\(ids)::bigint[]) AND machine = false
                    RETURNING outbox_id, kind
                )
                UPDATE people_events p SET events = p.events - m.n
                FROM (SELECT outbox_id, kind, count(*) AS n FROM marked GROUP BY outbox_id, kind) m
                WHERE p.outbox_id = m.outbox_id AND p.kind = m.kind
                """)
        }
    }
    /// The first key of the two-key advisory locks on an email's tracking ("RSTT"), apart from
    /// the variant locks of group commit and from single-key locks the shop may take.
    private static let trackingLockClass: Int32 = 0x5253_5454

    /// Its own statement, before the reads: under READ COMMITTED each statement sees what was
    /// committed when it started, so a read in the statement that waited for the lock would
    /// miss the rows of the transaction it waited for. Ids past 2^31 share a key with a smaller
    /// one, which only serialises two unrelated emails.
    func lockTracking(outboxID: Int64) throws {
        try StoreError.mappingPostgres {
            _ = try connection.query(
                """
                SELECT pg_advisory_xact_lock(\(Self.trackingLockClass)::int4, (\(outboxID)::bigint % 2147483648)::int4)
                """)
        }
    }

    /// One statement, one row per fact: `repeat` and `people` when true, `near` for each
    /// nearby click. `kind = 'click'` is a literal: the link indexes are partial.
    func clickHistory(
        linkID: Int64, outboxID: Int64, visitor: String, repeatSince: Timestamp, near: ClosedRange<Timestamp>
    ) throws -> ClickHistory {
        let (from, to) = (near.lowerBound.microseconds, near.upperBound.microseconds)
        return try StoreError.mappingPostgres {
            var history = ClickHistory(repeated: false, nearby: [], peopleClicked: false)
            for row in try connection.query(
                """
                SELECT 'repeat' AS part, NULL::bigint AS id, NULL::bigint AS link_id, NULL::bigint AS at,
                       NULL::boolean AS machine
                WHERE EXISTS (SELECT 1 FROM events WHERE kind = 'click' AND link_id = \(linkID)
                                AND visitor = \(visitor) AND at >= \(repeatSince.microseconds))
                UNION ALL
                SELECT 'people', NULL, NULL, NULL, NULL FROM people_events
                WHERE outbox_id = \(outboxID) AND kind = 'click' AND events > 0
                UNION ALL
                SELECT 'near', e.id, e.link_id, e.at, e.machine
                FROM links l JOIN events e ON e.link_id = l.id
                WHERE l.outbox_id = \(outboxID) AND l.id <> \(linkID) AND e.kind = 'click' AND e.machine = false
                  AND e.at BETWEEN \(from) AND \(to)
                UNION ALL
                (SELECT 'near', e.id, e.link_id, e.at, e.machine
                 FROM links l JOIN events e ON e.link_id = l.id
                 WHERE l.outbox_id = \(outboxID) AND l.id <> \(linkID) AND e.kind = 'click' AND e.machine = true
                   AND e.at BETWEEN \(from) AND \(to)
                 LIMIT 1)
                """)
            {
                switch try row.decode(0, as: String.self) {
                case "repeat": history.repeated = true
                case "people": history.peopleClicked = true
                default:
                    history.nearby.append(
                        TrafficClassifier.PriorClick(
                            eventID: try row.decode(1), linkID: try row.decode(2),
                            at: Timestamp(microseconds: try row.decode(3)), machine: try row.decode(4)))
                }
            }
            return history
        }
    }

}

import LibPQ
import RestockCore

/// `events`: every open and click that carried a valid token, people's and machines'; and
/// `people_events`, how many of each email's are people's, kept with every write to `events`.
extension PostgresTransaction {
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
}

/// The reads that judge one hit, each a probe of one index or key (migration 9), so a hit costs the
/// same however many opens and clicks the email has had.
extension PostgresTransaction {
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

    func hasPersonEvent(outboxID: Int64, kind: TrackingKind) throws -> Bool {
        try StoreError.mappingPostgres {
            try connection.query(
                "SELECT events > 0 FROM people_events WHERE outbox_id = \(outboxID) AND kind = \(kind.rawValue)"
            ).first?.decode(0, as: Bool.self) ?? false
        }
    }
}

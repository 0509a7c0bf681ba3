import RestockCore

/// Who asked for a tracking URL, as the HTTP layer saw it.
public struct TrackingRequest: Sendable, Hashable {
    /// `GET` or `HEAD`.
    public var method: String
    public var userAgent: String?
    public var ip: String?

    public init(method: String, userAgent: String?, ip: String?) {
        self.method = method
        self.userAgent = userAgent
        self.ip = ip
    }
}

extension RestockEngine {
    /// `GET /t/o/…`: the open pixel of outbox row `outboxID` loaded. Stores the open, judged
    /// person or machine, once per visitor; returns it, or `nil` when the row does not exist or
    /// the visitor had opened it already. Nothing else happens on an open.
    ///
    /// Its cost does not grow with the email's opens: whether a person opened it before is one
    /// index probe, and the visitor's earlier open is found by the unique index that refuses it.
    @discardableResult
    public func recordOpen(outboxID: Int64, request: TrackingRequest) async throws -> TrackingEvent? {
        let now = clock()
        let traffic = configuration.traffic
        return try await store.transaction { tx -> TrackingEvent? in
            guard let entry = try tx.outboxEntry(id: outboxID) else { return nil }
            try tx.lockTracking(outboxID: outboxID)
            let openedBefore = try tx.hasPersonEvent(outboxID: outboxID, kind: .open)
            let verdict = traffic.classifyOpen(
                userAgent: request.userAgent, ip: request.ip, at: now, sentAt: entry.sentAt)
            var event = TrackingEvent(
                kind: .open, outboxID: outboxID, watchID: entry.items.first?.watchID, at: now,
                machine: verdict.machine, reason: verdict.reason, userAgent: request.userAgent, ip: request.ip,
                visitor: TrackingEvent.visitor(ip: request.ip, userAgent: request.userAgent))
            guard let id = try tx.recordEvent(event) else { return nil }
            event.id = id
            // An email counts once among people's opens, on the day of its first one.
            if event.machine || !openedBefore {
                let key = try StatsKeys.email(entry, tx: tx)
                try tx.addStats([key.increment(event.machine ? .machineOpens : .humanOpens, at: now)])
            }
            return event
        }
    }

    /// `GET /t/c/…`: link `linkID` was followed. Returns the link to redirect to, and the click
    /// stored, judged person or scanner (a burst of clicks on several links of the email also
    /// marks the earlier ones); `nil`, with nothing stored, when the link does not exist.
    ///
    /// The same visitor following the same link again within ``EngineConfiguration/clickRepeatWindow``
    /// is the click counted already: it is redirected, and nothing is stored or counted (the
    /// event is `nil`). So rows grow with distinct visitors, not with requests, and a click
    /// costs the same however many came before: the store answers the repeat, burst and "a
    /// person clicked before" questions from indexes (``StoreTransaction/clickHistory(linkID:outboxID:visitor:repeatSince:near:)``).
    public func followClick(linkID: Int64, request: TrackingRequest) async throws
        -> (link: TrackedLink, event: TrackingEvent?)?
    {
        let now = clock()
        let traffic = configuration.traffic
        let repeatSince = now.adding(seconds: -configuration.clickRepeatWindow)
        let near = now.adding(seconds: -traffic.burstWindow)...now.adding(seconds: traffic.burstWindow)
        let visitor = TrackingEvent.visitor(ip: request.ip, userAgent: request.userAgent)
        return try await store.transaction { tx -> (link: TrackedLink, event: TrackingEvent?)? in
            guard let link = try tx.link(id: linkID) else { return nil }
            try tx.lockTracking(outboxID: link.outboxID)
            let history = try tx.clickHistory(
                linkID: linkID, outboxID: link.outboxID, visitor: visitor, repeatSince: repeatSince, near: near)
            if history.repeated { return (link, nil) }
            guard let entry = try tx.outboxEntry(id: link.outboxID) else { return nil }
            let (verdict, burst) = traffic.classifyClick(
                method: request.method, userAgent: request.userAgent, linkID: linkID, at: now, sentAt: entry.sentAt,
                prior: history.nearby)
            let watchID = (entry.items.first { $0.variantID == link.variantID } ?? entry.items.first)?.watchID
            var event = TrackingEvent(
                kind: .click, outboxID: link.outboxID, watchID: watchID, linkID: linkID, at: now,
                machine: verdict.machine, reason: verdict.reason, userAgent: request.userAgent, ip: request.ip,
                visitor: visitor)
            event.id = try tx.recordEvent(event) ?? 0
            try tx.markEventsMachine(ids: burst, reason: TrafficClassifier.Reason.linkBurst.rawValue)
            // People's clicks count once per email, so a burst that turns its only person's
            // click into a scanner's takes the email back out of them. Whether one is left is
            // asked only then, after the marks.
            let peopleBefore = history.peopleClicked
            let peopleAfter =
                try !verdict.machine
                || (peopleBefore && (burst.isEmpty || tx.hasPersonEvent(outboxID: link.outboxID, kind: .click)))
            let scanners = Int64(burst.count + (verdict.machine ? 1 : 0))
            let people = Int64((peopleAfter ? 1 : 0) - (peopleBefore ? 1 : 0))
            if scanners != 0 || people != 0 {
                let key = try StatsKeys.email(entry, tx: tx)
                try tx.addStats([
                    key.increment(.scannerClicks, at: now, by: scanners),
                    key.increment(.humanClicks, at: now, by: people),
                ])
            }
            return (link, event)
        }
    }
}

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
    @discardableResult
    public func recordOpen(outboxID: Int64, request: TrackingRequest) async throws -> TrackingEvent? {
        let now = clock()
        let traffic = configuration.traffic
        return try await store.transaction { tx -> TrackingEvent? in
            guard let entry = try tx.outboxEntry(id: outboxID) else { return nil }
            let openedBefore = try tx.events(outboxID: outboxID, kind: .open).contains { !$0.machine }
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

    /// `GET /t/c/…`: link `linkID` was followed. Stores the click, judged person or scanner (a
    /// burst of clicks on several links of the email also marks the earlier ones), and returns
    /// the link to redirect to; `nil`, with nothing stored, when it does not exist.
    public func followClick(linkID: Int64, request: TrackingRequest) async throws -> (TrackedLink, TrackingEvent)? {
        let now = clock()
        let traffic = configuration.traffic
        return try await store.transaction { tx -> (TrackedLink, TrackingEvent)? in
            guard let link = try tx.link(id: linkID), let entry = try tx.outboxEntry(id: link.outboxID) else {
                return nil
            }
            let prior = try tx.events(outboxID: link.outboxID, kind: .click).map {
                TrafficClassifier.PriorClick(eventID: $0.id, linkID: $0.linkID, at: $0.at, machine: $0.machine)
            }
            let (verdict, burst) = traffic.classifyClick(
                method: request.method, userAgent: request.userAgent, linkID: linkID, at: now, sentAt: entry.sentAt,
                prior: prior)
            let watchID = (entry.items.first { $0.variantID == link.variantID } ?? entry.items.first)?.watchID
            var event = TrackingEvent(
                kind: .click, outboxID: link.outboxID, watchID: watchID, linkID: linkID, at: now,
                machine: verdict.machine, reason: verdict.reason, userAgent: request.userAgent, ip: request.ip,
                visitor: TrackingEvent.visitor(ip: request.ip, userAgent: request.userAgent))
            event.id = try tx.recordEvent(event) ?? 0
            try tx.markEventsMachine(ids: burst, reason: TrafficClassifier.Reason.linkBurst.rawValue)
            // People's clicks count once per email, so a burst that turns its only person's
            // click into a scanner's takes the email back out of them.
            let peopleBefore = prior.contains { !$0.machine }
            let peopleAfter = !verdict.machine || prior.contains { !$0.machine && !burst.contains($0.eventID) }
            let key = try StatsKeys.email(entry, tx: tx)
            try tx.addStats([
                key.increment(.scannerClicks, at: now, by: Int64(burst.count + (verdict.machine ? 1 : 0))),
                key.increment(.humanClicks, at: now, by: (peopleAfter ? 1 : 0) - (peopleBefore ? 1 : 0)),
            ])
            return (link, event)
        }
    }
}

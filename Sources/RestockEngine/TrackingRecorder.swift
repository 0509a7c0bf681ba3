import RestockCore

/// One request for the open pixel or a tracked link, as the engine received it.
enum TrackingHit: Sendable {
    case open(outboxID: Int64, request: TrackingRequest, at: Timestamp)
    case click(linkID: Int64, request: TrackingRequest, at: Timestamp)
}

/// What a hit came to: the link to redirect to (clicks; `nil` for an unknown link) and the event
/// stored (`nil` for a repeat, an open the visitor made already, or an unknown email).
struct TrackingOutcome: Sendable {
    var link: TrackedLink?
    var event: TrackingEvent?
}

/// Stores opens and clicks, judged person or machine, a group commit's worth in one transaction:
/// each hit otherwise costs a commit of its own, and on SQLite the commit's `fdatasync` was the
/// larger part of a click (issue 16). Each hit is judged as if alone, in the order they
/// arrived, and sees the rows of the hits before it.
///
/// A hit costs the same whatever the email had before: the store answers the repeat, burst and
/// "a person opened or clicked it before" questions from indexes and a kept count
/// (``StoreTransaction/clickHistory(linkID:outboxID:visitor:repeatSince:near:)``,
/// ``StoreTransaction/hasPersonEvent(outboxID:kind:)``).
struct TrackingRecorder: Sendable {
    let traffic: TrafficClassifier
    /// ``EngineConfiguration/clickRepeatWindow``.
    let clickRepeatWindow: Double

    func apply(_ hits: [TrackingHit], tx: any StoreTransaction) throws -> [TrackingOutcome] {
        var batch = TrackingBatch(recorder: self, tx: tx)
        // A click's email is known from its link. The emails' locks go in id order, so two
        // batches on PostgreSQL never wait for each other in a cycle.
        var emails = Set<Int64>()
        for hit in hits {
            switch hit {
            case .open(let outboxID, _, _): emails.insert(outboxID)
            case .click(let linkID, _, _): if let link = try batch.link(linkID) { emails.insert(link.outboxID) }
            }
        }
        for outboxID in emails.sorted() { try tx.lockTracking(outboxID: outboxID) }
        let outcomes = try hits.map { hit in
            switch hit {
            case .open(let outboxID, let request, let at):
                TrackingOutcome(event: try batch.open(outboxID: outboxID, request: request, at: at))
            case .click(let linkID, let request, let at):
                try batch.link(linkID).map { try batch.click($0, request: request, at: at) } ?? TrackingOutcome()
            }
        }
        try tx.addStats(batch.stats)
        return outcomes
    }
}

/// One batch of hits in its transaction: what it read already (a flood of hits on one email
/// reads its link, its row and its stats key once) and the stats it adds.
struct TrackingBatch {
    let recorder: TrackingRecorder
    let tx: any StoreTransaction
    private var links: [Int64: TrackedLink?] = [:]
    private var entries: [Int64: OutboxEntry?] = [:]
    private var keys: [Int64: StatsKey] = [:]
    private(set) var stats: [StatsIncrement] = []

    init(recorder: TrackingRecorder, tx: any StoreTransaction) {
        self.recorder = recorder
        self.tx = tx
    }

    mutating func link(_ id: Int64) throws -> TrackedLink? {
        if let known = links[id] { return known }
        let link = try tx.link(id: id)
        links[id] = link
        return link
    }

    mutating func entry(_ id: Int64) throws -> OutboxEntry? {
        if let known = entries[id] { return known }
        let entry = try tx.outboxEntry(id: id)
        entries[id] = entry
        return entry
    }

    mutating func count(_ metric: StatsMetric, of entry: OutboxEntry, at: Timestamp, by delta: Int64 = 1) throws {
        guard delta != 0 else { return }
        let key = try keys[entry.id] ?? StatsKeys.email(entry, tx: tx)
        keys[entry.id] = key
        stats.append(key.increment(metric, at: at, by: delta))
    }

    /// The open pixel of email `outboxID` loaded: stored once per visitor. An email counts once
    /// among people's opens, on the day of its first one.
    mutating func open(outboxID: Int64, request: TrackingRequest, at now: Timestamp) throws -> TrackingEvent? {
        guard let entry = try entry(outboxID) else { return nil }
        let verdict = recorder.traffic.classifyOpen(
            userAgent: request.userAgent, ip: request.ip, at: now, sentAt: entry.sentAt)
        // Read before this open is stored, and only for a person's: a machine's counts anyway.
        let openedBefore = try !verdict.machine && tx.hasPersonEvent(outboxID: outboxID, kind: .open)
        var event = TrackingEvent(
            kind: .open, outboxID: outboxID, watchID: entry.items.first?.watchID, at: now,
            machine: verdict.machine, reason: verdict.reason, userAgent: request.userAgent, ip: request.ip,
            visitor: TrackingEvent.visitor(ip: request.ip, userAgent: request.userAgent))
        guard let id = try tx.recordEvent(event) else { return nil }
        event.id = id
        if event.machine || !openedBefore {
            try count(event.machine ? .machineOpens : .humanOpens, of: entry, at: now)
        }
        return event
    }

    /// `link` followed: a repeat of the visitor's click within the window stores nothing; any
    /// other click is stored, and a burst of clicks on several links of the email also marks the
    /// earlier ones.
    mutating func click(_ link: TrackedLink, request: TrackingRequest, at now: Timestamp) throws -> TrackingOutcome {
        let traffic = recorder.traffic
        let visitor = TrackingEvent.visitor(ip: request.ip, userAgent: request.userAgent)
        let history = try tx.clickHistory(
            linkID: link.id, outboxID: link.outboxID, visitor: visitor,
            repeatSince: now.adding(seconds: -recorder.clickRepeatWindow),
            near: now.adding(seconds: -traffic.burstWindow)...now.adding(seconds: traffic.burstWindow))
        if history.repeated { return TrackingOutcome(link: link) }
        guard let entry = try entry(link.outboxID) else { return TrackingOutcome() }
        let (verdict, burst) = traffic.classifyClick(
            method: request.method, userAgent: request.userAgent, linkID: link.id, at: now, sentAt: entry.sentAt,
            prior: history.nearby)
        let watchID = (entry.items.first { $0.variantID == link.variantID } ?? entry.items.first)?.watchID
        var event = TrackingEvent(
            kind: .click, outboxID: link.outboxID, watchID: watchID, linkID: link.id, at: now,
            machine: verdict.machine, reason: verdict.reason, userAgent: request.userAgent, ip: request.ip,
            visitor: visitor)
        event.id = try tx.recordEvent(event) ?? 0
        try tx.markEventsMachine(ids: burst, reason: TrafficClassifier.Reason.linkBurst.rawValue)
        // People's clicks count once per email, so a burst that turns its only person's click
        // into a scanner's takes the email back out of them. Whether one is left is asked only
        // then, after the marks.
        let peopleBefore = history.peopleClicked
        let peopleAfter =
            try !verdict.machine
            || (peopleBefore && (burst.isEmpty || tx.hasPersonEvent(outboxID: link.outboxID, kind: .click)))
        try count(.scannerClicks, of: entry, at: now, by: Int64(burst.count + (verdict.machine ? 1 : 0)))
        try count(.humanClicks, of: entry, at: now, by: Int64((peopleAfter ? 1 : 0) - (peopleBefore ? 1 : 0)))
        return TrackingOutcome(link: link, event: event)
    }
}

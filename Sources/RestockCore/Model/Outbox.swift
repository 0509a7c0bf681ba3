/// Which email an outbox row becomes. Raw values are what the stores write.
public enum NotificationKind: String, Sendable, Codable, CaseIterable {
    case backInStock = "back_in_stock"
    case soldOutAgain = "sold_out_again"
    case confirmSubscription = "confirm"
}

/// Delivery state of an outbox row (docs/ARCHITECTURE.md §5).
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    case queued
    case sending
    case sent
    case failed
    /// Superseded before sending, e.g. the customer bought or unsubscribed.
    case cancelled
}

/// One watch covered by an email.
public struct OutboxItem: Hashable, Sendable, Codable {
    public var watchID: Int64
    public var variantID: String
    /// The cycle the email is about; with the watch and kind it is unique across the outbox.
    public var cycleID: Int64?

    public init(watchID: Int64, variantID: String, cycleID: Int64?) {
        self.watchID = watchID
        self.variantID = variantID
        self.cycleID = cycleID
    }
}

/// An email to queue: one customer, one kind, one or more items.
public struct NewOutboxEntry: Hashable, Sendable {
    public var customerID: Int64
    public var kind: NotificationKind
    /// Unique across the outbox: queuing the same key twice is a no-op.
    public var dedupeKey: String
    public var dueAt: Timestamp
    public var items: [OutboxItem]

    public init(customerID: Int64, kind: NotificationKind, dueAt: Timestamp, items: [OutboxItem]) {
        self.customerID = customerID
        self.kind = kind
        self.dueAt = dueAt
        self.items = items
        self.dedupeKey = Self.dedupeKey(customerID: customerID, kind: kind, items: items)
    }

    /// `(watch or customer, cycle, kind)`: a single-item email is keyed by its watch, a coalesced
    /// one by its customer and the cycles it covers, so a replay builds the same key again.
    public static func dedupeKey(customerID: Int64, kind: NotificationKind, items: [OutboxItem])
        -> String
    {
        if items.count == 1, let item = items.first {
            return "\(kind.rawValue):w\(item.watchID):c\(item.cycleID.map(String.init) ?? "-")"
        }
        let cycles = items.map { $0.cycleID.map(String.init) ?? "-" }.sorted().joined(separator: ",")
        return "\(kind.rawValue):u\(customerID):c\(cycles)"
    }
}

/// A queued email as the stores return it.
public struct OutboxEntry: Hashable, Sendable, Codable {
    public var id: Int64
    public var customerID: Int64
    public var kind: NotificationKind
    public var dedupeKey: String
    public var state: OutboxState
    public var attempts: Int
    public var dueAt: Timestamp
    public var createdAt: Timestamp
    public var items: [OutboxItem]
    /// Once sent: when, the `Message-ID` it carried, and what the server answered.
    public var sentAt: Timestamp?
    public var messageID: String?
    public var reply: String?
    /// Why the last attempt failed.
    public var lastError: String?
    /// The fencing token of the row's latest claim (0 before the first): every outcome written
    /// for the row names it, so a sender whose lease ran out, and whose row another sender has
    /// claimed since, cannot overwrite that sender's outcome (docs/ARCHITECTURE.md §5).
    public var leaseToken: Int64
    /// When a fault of this message itself (a 4xx about it, a connection lost after its data)
    /// first deferred it; `nil` until one did. Giving up counts from here, so time the
    /// dispatcher spent paused for a fault of the path (a refused login, a full disk) never
    /// makes a message expire.
    public var deferredSince: Timestamp?

    public init(
        id: Int64, customerID: Int64, kind: NotificationKind, dedupeKey: String, state: OutboxState,
        attempts: Int, dueAt: Timestamp, createdAt: Timestamp, items: [OutboxItem], sentAt: Timestamp? = nil,
        messageID: String? = nil, reply: String? = nil, lastError: String? = nil, leaseToken: Int64 = 0,
        deferredSince: Timestamp? = nil
    ) {
        self.leaseToken = leaseToken
        self.deferredSince = deferredSince
        self.sentAt = sentAt
        self.messageID = messageID
        self.reply = reply
        self.lastError = lastError
        self.id = id
        self.customerID = customerID
        self.kind = kind
        self.dedupeKey = dedupeKey
        self.state = state
        self.attempts = attempts
        self.dueAt = dueAt
        self.createdAt = createdAt
        self.items = items
    }
}

/// What became of the back-in-stock email that told one watch, in one cycle, that its variant
/// was back: read when the variant sells out again, and before a "sold out again" email goes
/// out, since only a shopper who was told it was back can be told it is gone (issue 16).
public struct NotificationStatus: Hashable, Sendable {
    public var watchID: Int64
    public var cycleID: Int64?
    public var outboxID: Int64
    public var state: OutboxState
    /// The email also tells of other watches (one customer's items coalesced): it cannot be
    /// withdrawn for this watch alone.
    public var isShared: Bool

    public init(watchID: Int64, cycleID: Int64?, outboxID: Int64, state: OutboxState, isShared: Bool) {
        self.watchID = watchID
        self.cycleID = cycleID
        self.outboxID = outboxID
        self.state = state
        self.isShared = isShared
    }

    /// Whether the shopper was told.
    public enum Delivery: Hashable, Sendable {
        /// The receiving server accepted it.
        case delivered
        /// Still queued, or being sent (perhaps sent already, its reply not yet recorded).
        case pending
        /// Failed for good, cancelled, or never queued: the shopper was never told.
        case undelivered
    }

    /// The one reading of an outbox state as "told or not", for the sell-out and the
    /// dispatcher alike.
    public var delivery: Delivery {
        switch state {
        case .sent: .delivered
        case .queued, .sending: .pending
        case .failed, .cancelled: .undelivered
        }
    }

    /// Finds the status of a watch in a cycle among `statuses` (`nil` when its back-in-stock
    /// email was never queued), by one hash lookup each: a sell-out reads a page of 10,000.
    public static func lookup(_ statuses: [NotificationStatus]) -> @Sendable (Int64, Int64?) -> NotificationStatus? {
        let byWatch = Dictionary(grouping: statuses, by: \.watchID)
        return { watchID, cycleID in byWatch[watchID]?.first { $0.cycleID == cycleID } }
    }
}

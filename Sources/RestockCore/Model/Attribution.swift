/// How an order line was credited to an email (issue 4).
public enum AttributionModel: String, Sendable, Codable, CaseIterable {
    /// The order carried the `restock=` parameter of a click on the email.
    case direct
    /// A person clicked the email within the click window before ordering.
    case click
    /// A person opened the email within the open window before ordering, without clicking:
    /// reported on its own, never added to the click figure.
    case view
}

/// An open or click by a person on an email covering `watchID`, as attribution reads it.
public struct AttributionTouch: Hashable, Sendable {
    public var eventID: Int64
    public var outboxID: Int64
    public var watchID: Int64
    public var kind: TrackingKind
    public var at: Timestamp

    public init(eventID: Int64, outboxID: Int64, watchID: Int64, kind: TrackingKind, at: Timestamp) {
        self.eventID = eventID
        self.outboxID = outboxID
        self.watchID = watchID
        self.kind = kind
        self.at = at
    }
}

/// One order line credited to one email.
public struct Attribution: Hashable, Sendable, Codable {
    public var orderSource: String
    public var orderID: String
    /// 1-based, in the order's own line order.
    public var lineNo: Int
    public var outboxID: Int64
    public var model: AttributionModel
    /// Price × quantity of the line, in minor units of `currency`.
    public var amountMinor: Int64
    public var currency: String
    /// The open or click it rests on; `nil` for `direct`.
    public var eventID: Int64?
    public var createdAt: Timestamp
    /// Set when the order was cancelled or refunded: the credit is taken back.
    public var reversedAt: Timestamp?

    public init(
        orderSource: String, orderID: String, lineNo: Int, outboxID: Int64, model: AttributionModel,
        amountMinor: Int64, currency: String, eventID: Int64? = nil, createdAt: Timestamp, reversedAt: Timestamp? = nil
    ) {
        self.orderSource = orderSource
        self.orderID = orderID
        self.lineNo = lineNo
        self.outboxID = outboxID
        self.model = model
        self.amountMinor = amountMinor
        self.currency = currency
        self.eventID = eventID
        self.createdAt = createdAt
        self.reversedAt = reversedAt
    }
}

/// The purchase check due at the end of a notification's window (`follow_ups`).
public struct FollowUp: Hashable, Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        /// Still `notified` with no purchase: the watch lapsed.
        case lapsed
        /// A purchase was found at the check (one the order webhook had not matched).
        case converted
        /// The watch had moved on already (bought, sold out again, unsubscribed…).
        case settled
    }

    public var id: Int64
    public var watchID: Int64
    public var cycleID: Int64?
    public var dueAt: Timestamp
    public var doneAt: Timestamp?
    public var outcome: Outcome?

    public init(
        id: Int64, watchID: Int64, cycleID: Int64?, dueAt: Timestamp, doneAt: Timestamp? = nil, outcome: Outcome? = nil
    ) {
        self.id = id
        self.watchID = watchID
        self.cycleID = cycleID
        self.dueAt = dueAt
        self.doneAt = doneAt
        self.outcome = outcome
    }
}

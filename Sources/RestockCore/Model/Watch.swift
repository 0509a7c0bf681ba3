/// Where a watch is in its life (docs/ARCHITECTURE.md §3). The raw values are what the stores
/// write.
public enum WatchState: String, Sendable, Codable, CaseIterable {
    case pending
    case watching
    case notified
    case converted
    case soldOutAgain = "sold_out_again"
    case lapsed
    case unsubscribed
    case expired

    /// States from which the watch can still lead to an email; only one live watch per
    /// (customer, variant) may exist, which makes subscribing idempotent.
    public var isLive: Bool {
        switch self {
        case .pending, .watching, .notified, .soldOutAgain: true
        case .converted, .lapsed, .unsubscribed, .expired: false
        }
    }

    public static let liveStates: [WatchState] = allCases.filter(\.isLive)
}

/// A customer's request to hear about one variant.
public struct Watch: Hashable, Sendable, Codable {
    public var id: Int64
    public var customerID: Int64
    public var variantID: String
    /// `nil` means any location counts.
    public var locationID: String?
    public var quantity: Int
    public var locale: String?
    public var state: WatchState
    /// Fixed at creation; a re-subscribe keeps it, so the customer keeps their place.
    public var queuePosition: Int64
    /// The restock cycle that last notified this watch.
    public var cycleID: Int64?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var notifiedAt: Timestamp?
    public var expiresAt: Timestamp?

    public init(
        id: Int64, customerID: Int64, variantID: String, locationID: String? = nil, quantity: Int = 1,
        locale: String? = nil, state: WatchState, queuePosition: Int64, cycleID: Int64? = nil,
        createdAt: Timestamp, updatedAt: Timestamp, notifiedAt: Timestamp? = nil,
        expiresAt: Timestamp? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.variantID = variantID
        self.locationID = locationID
        self.quantity = quantity
        self.locale = locale
        self.state = state
        self.queuePosition = queuePosition
        self.cycleID = cycleID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.notifiedAt = notifiedAt
        self.expiresAt = expiresAt
    }
}

/// How the shopper agreed to be emailed; kept with the watch as evidence.
public struct Consent: Hashable, Sendable, Codable {
    /// Where the request came from: `storefront`, `backend`, `import`…
    public var source: String
    public var text: String?
    public var ip: String?
    public var at: Timestamp

    public init(source: String, text: String? = nil, ip: String? = nil, at: Timestamp) {
        self.source = source
        self.text = text
        self.ip = ip
        self.at = at
    }
}

/// A watch to insert; the store assigns its id and queue position.
public struct NewWatch: Hashable, Sendable {
    public var customerID: Int64
    public var variantID: String
    public var locationID: String?
    public var quantity: Int
    public var locale: String?
    public var state: WatchState
    public var consent: Consent
    public var createdAt: Timestamp
    public var expiresAt: Timestamp?

    public init(
        customerID: Int64, variantID: String, locationID: String? = nil, quantity: Int = 1,
        locale: String? = nil, state: WatchState, consent: Consent, createdAt: Timestamp,
        expiresAt: Timestamp? = nil
    ) {
        self.customerID = customerID
        self.variantID = variantID
        self.locationID = locationID
        self.quantity = quantity
        self.locale = locale
        self.state = state
        self.consent = consent
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

extension Watch {
    /// The watch a store has just inserted from `new`: its queue position is its id, and nothing
    /// has happened to it yet.
    public init(inserted new: NewWatch, id: Int64) {
        self.init(
            id: id, customerID: new.customerID, variantID: new.variantID, locationID: new.locationID,
            quantity: new.quantity, locale: new.locale, state: new.state, queuePosition: id,
            createdAt: new.createdAt, updatedAt: new.createdAt, expiresAt: new.expiresAt)
    }
}

/// An order as any engine reports it. Attribution reads these in a later stage.
public struct OrderEvent: Hashable, Sendable, Codable {
    public struct Line: Hashable, Sendable, Codable {
        public var variantID: String
        public var quantity: Int
        public var priceMinor: Int64

        public init(variantID: String, quantity: Int, priceMinor: Int64) {
            self.variantID = variantID
            self.quantity = quantity
            self.priceMinor = priceMinor
        }
    }

    /// `source` + `orderID` identify an order; an update with the same pair replaces its status.
    public var source: String
    public var orderID: String
    public var email: String?
    public var currency: String
    public var totalMinor: Int64
    /// `placed`, `paid`, `cancelled`, `refunded`.
    public var status: String
    /// Our tracking parameter if the order carried it back.
    public var attribution: String?
    public var lines: [Line]
    public var occurredAt: Timestamp

    public init(
        source: String, orderID: String, email: String?, currency: String, totalMinor: Int64,
        status: String, attribution: String? = nil, lines: [Line], occurredAt: Timestamp
    ) {
        self.source = source
        self.orderID = orderID
        self.email = email
        self.currency = currency
        self.totalMinor = totalMinor
        self.status = status
        self.attribution = attribution
        self.lines = lines
        self.occurredAt = occurredAt
    }
}

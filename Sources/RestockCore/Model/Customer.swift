/// A shopper, known by a normalized email address.
public struct Customer: Hashable, Sendable, Codable {
    public var id: Int64
    public var email: String
    public var name: String?
    public var locale: String?
    /// Set by a customer-wide unsubscribe or a hard bounce; no mail goes out after it.
    public var suppressedAt: Timestamp?
    public var createdAt: Timestamp

    public init(
        id: Int64, email: String, name: String? = nil, locale: String? = nil,
        suppressedAt: Timestamp? = nil, createdAt: Timestamp
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.locale = locale
        self.suppressedAt = suppressedAt
        self.createdAt = createdAt
    }
}

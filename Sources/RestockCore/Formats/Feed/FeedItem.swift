/// One product of a Google Merchant feed, as far as Restock needs it. Ids stay strings: feed ids
/// are often Shopify variant ids beyond 2^53, which a number type would corrupt.
public struct FeedItem: Sendable, Hashable {
    /// The feed's `id` (trimmed): the variant shoppers watch.
    public var id: String
    public var itemGroupID: String?
    public var title: String?
    public var link: String?
    public var imageLink: String?
    /// Integer minor units with `currency`, both nil when the price is missing or unreadable.
    /// This is `price`, never `sale_price`: a sale price is only valid between the dates of
    /// `sale_price_effective_date`, which a poller cannot judge on its own.
    public var priceMinor: Int64?
    public var currency: String?
    public var availability: FeedAvailability?

    public init(
        id: String, itemGroupID: String? = nil, title: String? = nil, link: String? = nil,
        imageLink: String? = nil, priceMinor: Int64? = nil, currency: String? = nil,
        availability: FeedAvailability? = nil
    ) {
        self.id = id
        self.itemGroupID = itemGroupID
        self.title = title
        self.link = link
        self.imageLink = imageLink
        self.priceMinor = priceMinor
        self.currency = currency
        self.availability = availability
    }
}

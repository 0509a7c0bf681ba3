/// What a shop tells us about a variant so emails can show it. Every field but the id is optional:
/// a later update fills in what an earlier one left out, and never blanks a known field.
public struct CatalogEntry: Hashable, Sendable, Codable {
    public var variantID: String
    public var productTitle: String?
    public var variantTitle: String?
    public var url: String?
    public var imageURL: String?
    /// Integer minor units (cents, grosze) with `currency`; never floating point.
    public var priceMinor: Int64?
    public var currency: String?

    public init(
        variantID: String, productTitle: String? = nil, variantTitle: String? = nil,
        url: String? = nil, imageURL: String? = nil, priceMinor: Int64? = nil, currency: String? = nil
    ) {
        self.variantID = variantID
        self.productTitle = productTitle
        self.variantTitle = variantTitle
        self.url = url
        self.imageURL = imageURL
        self.priceMinor = priceMinor
        self.currency = currency
    }

    /// True when the entry carries anything beyond the id.
    public var hasDetails: Bool {
        productTitle != nil || variantTitle != nil || url != nil || imageURL != nil || priceMinor != nil
    }
}

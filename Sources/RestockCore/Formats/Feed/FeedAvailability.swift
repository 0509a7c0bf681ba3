/// Google's four `availability` values. Feeds spell them many ways (`in stock`, `In_Stock`,
/// `in-stock`, schema.org URLs), so ``init(feedText:)`` normalizes before matching.
public enum FeedAvailability: String, Sendable, Hashable, CaseIterable {
    case inStock = "in_stock"
    case outOfStock = "out_of_stock"
    case preorder
    case backorder

    /// Reads an availability as a feed writes it; nil for a value Google does not define.
    ///
    /// Case, spaces, underscores and hyphens are ignored. Beyond Google's four values this accepts
    /// the schema.org `ItemAvailability` names (bare or as `https://schema.org/…` URLs) mapped as
    /// Google's availability help page maps them ("in stock: InStock, LimitedAvailability,
    /// OnlineOnly; out of stock: Discontinued, InStoreOnly, OutOfStock, SoldOut; preorder:
    /// PreOrder, PreSale"), WooCommerce's `onbackorder`, and the retired Google value
    /// `available for order`, read as in stock because such a product can be bought now.
    public init?(feedText: some StringProtocol) {
        var text = Substring(feedText)
        for prefix in ["https://schema.org/", "http://schema.org/"] {
            if text.utf8.count > prefix.utf8.count,
                text.utf8.prefix(prefix.utf8.count).lazy.map(Self.lowercased).elementsEqual(prefix.utf8)
            {
                text = text.dropFirst(prefix.count)
            }
        }
        var key: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"),
                UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard key.count < 24 else { return nil }
                key.append(Self.lowercased(byte))
            default:
                return nil
            }
        }
        guard let value = Self.spellings[String(decoding: key, as: UTF8.self)] else { return nil }
        self = value
    }

    /// Normalized spelling (lower-case letters only) → value.
    private static let spellings: [String: FeedAvailability] = [
        "instock": .inStock, "limitedavailability": .inStock, "onlineonly": .inStock,
        "availablefororder": .inStock,
        "outofstock": .outOfStock, "soldout": .outOfStock, "discontinued": .outOfStock,
        "instoreonly": .outOfStock,
        "preorder": .preorder, "presale": .preorder,
        "backorder": .backorder, "onbackorder": .backorder,
    ]

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}

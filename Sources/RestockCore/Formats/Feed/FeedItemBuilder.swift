/// The item being read: raw field text as it is found, turned into a ``FeedItem`` once the item
/// (an XML `<item>`/`<entry>` or a TSV row) ends. The first non-empty value of a field wins.
struct FeedItemBuilder {
    /// The fields Restock reads. `plain…` are the RSS/Atom elements (`<title>`, `<link>`, Atom
    /// `<id>`), used only when the Google (`g:`) field is missing.
    enum Field {
        case id, itemGroupID, title, link, imageLink, price, availability
        case plainID, plainTitle, plainLink

        /// A Google attribute name as a TSV header or a `g:` element spells it.
        init?(googleName name: String) {
            switch name {
            case "id": self = .id
            case "item_group_id": self = .itemGroupID
            case "title": self = .title
            case "link": self = .link
            case "image_link": self = .imageLink
            case "price": self = .price
            case "availability": self = .availability
            default: return nil
            }
        }
    }

    private var id: String?
    private var itemGroupID: String?
    private var title: String?
    private var link: String?
    private var imageLink: String?
    private var price: String?
    private var availability: String?
    private var plainID: String?
    private var plainTitle: String?
    private var plainLink: String?
    /// How good ``plainLink`` is: Atom may list several `<link>`s, and the product page is the
    /// one with `rel="alternate"` or no `rel`.
    private var plainLinkRank = 0

    /// Records field text (trimmed; UTF-8 is decoded only now, so a character split across
    /// chunks is whole by the time it gets here).
    mutating func set(_ field: Field, bytes: some BidirectionalCollection<UInt8>) {
        guard let text = Self.trimmedString(bytes) else { return }
        switch field {
        case .id: id = id ?? text
        case .itemGroupID: itemGroupID = itemGroupID ?? text
        case .title: title = title ?? text
        case .link: link = link ?? text
        case .imageLink: imageLink = imageLink ?? text
        case .price: price = price ?? text
        case .availability: availability = availability ?? text
        case .plainID: plainID = plainID ?? text
        case .plainTitle: plainTitle = plainTitle ?? text
        case .plainLink: setPlainLink(text, rel: nil)
        }
    }

    /// An Atom-style `<link href="…" rel="…"/>`.
    mutating func setPlainLink(_ href: String, rel: String?) {
        let rank = rel == nil || rel == "alternate" ? 2 : 1
        guard rank > plainLinkRank, !href.isEmpty else { return }
        plainLink = href
        plainLinkRank = rank
    }

    /// The finished item, or nil when it has no id (such an item is skipped, not an error).
    func build() -> FeedItem? {
        guard let id = id ?? plainID else { return nil }
        let price = price.flatMap(FeedPrice.parse)
        return FeedItem(
            id: id, itemGroupID: itemGroupID, title: title ?? plainTitle, link: link ?? plainLink,
            imageLink: imageLink, priceMinor: price?.minor, currency: price?.currency,
            availability: availability.flatMap { FeedAvailability(feedText: $0) })
    }

    /// The bytes without surrounding ASCII whitespace, as a String; nil when nothing is left.
    static func trimmedString(_ bytes: some BidirectionalCollection<UInt8>) -> String? {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
            let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return nil }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

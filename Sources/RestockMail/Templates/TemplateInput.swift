import RestockCore

/// The shop as its emails name it: in the footer every bulk email needs (a postal address is
/// required by CAN-SPAM and expected by the large mailbox providers).
public struct ShopIdentity: Sendable, Hashable {
    public var name: String
    public var address: String
    public var url: String?

    public init(name: String, address: String, url: String? = nil) {
        self.name = name
        self.address = address
        self.url = url
    }
}

/// One product line of an email.
public struct TemplateItem: Sendable, Hashable {
    public var productTitle: String
    public var variantTitle: String?
    public var imageURL: String?
    /// The link the shopper follows: tracked when the dispatcher made it so.
    public var url: String?
    /// Formatted per the email's locale.
    public var price: Price?
    /// For "sold out again": the link that puts the watch back in the queue at its old place.
    public var resubscribeURL: String?

    public init(
        productTitle: String, variantTitle: String? = nil, imageURL: String? = nil, url: String? = nil,
        price: Price? = nil, resubscribeURL: String? = nil
    ) {
        self.productTitle = productTitle
        self.variantTitle = variantTitle
        self.imageURL = imageURL
        self.url = url
        self.price = price
        self.resubscribeURL = resubscribeURL
    }
}

/// A price as the catalog stores it: integer minor units (never a float) and an ISO 4217 code.
public struct Price: Sendable, Hashable {
    public var minor: Int64
    public var currency: String

    public init(minor: Int64, currency: String) {
        self.minor = minor
        self.currency = currency
    }
}

/// Everything one email's templates may show.
public struct TemplateInput: Sendable, Hashable {
    public var kind: NotificationKind
    /// The watch's locale (`pl-PL`, `pl`, `en`…); `nil` uses the default.
    public var locale: String?
    public var customerName: String?
    public var items: [TemplateItem]
    public var unsubscribeURL: String
    /// For "confirm your alert": the double opt-in link.
    public var confirmURL: String?
    /// The 1×1 image whose loading counts as an open; `nil` when tracking is off.
    public var openPixelURL: String?
    public var shop: ShopIdentity

    public init(
        kind: NotificationKind, locale: String?, customerName: String?, items: [TemplateItem],
        unsubscribeURL: String, confirmURL: String? = nil, openPixelURL: String? = nil, shop: ShopIdentity
    ) {
        self.openPixelURL = openPixelURL
        self.kind = kind
        self.locale = locale
        self.customerName = customerName
        self.items = items
        self.unsubscribeURL = unsubscribeURL
        self.confirmURL = confirmURL
        self.shop = shop
    }
}

/// One email's rendered parts.
public struct RenderedMail: Sendable, Hashable {
    public var subject: String
    public var text: String
    public var html: String
}

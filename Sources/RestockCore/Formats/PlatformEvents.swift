/// What one native delivery (Shopify, WooCommerce, BigCommerce) or one feed chunk means once
/// normalized: the engine applies all of it in one transaction.
public struct PlatformEvents: Hashable, Sendable {
    /// Levels already keyed by our variant id.
    public var stock: [StockEvent]
    public var catalog: [CatalogEntry]
    public var orders: [OrderEvent]
    /// Shopify's `inventory_item_id → variant id` map, learned from `products/update`; the
    /// engine applies any parked item levels once their variant is known.
    public var itemLinks: [InventoryItemLink]
    /// Levels keyed by an inventory item (Shopify `inventory_levels/update`) that need
    /// ``itemLinks`` to become ``StockEvent``s; parked until the map arrives.
    public var itemLevels: [InventoryItemLevel]
    /// Thin references (BigCommerce) whose real quantity or order must be read back from the
    /// platform's API before anything else happens.
    public var lookups: [PlatformLookup]
    /// Set when the topic is one Restock does not use: answered 202 and ignored.
    public var ignoredTopic: String?
    /// When the change this delivery reports happened, as the platform wrote it inside the signed
    /// body (Shopify's `updated_at`, a WooCommerce order's `date_modified_gmt`). A delivery older
    /// than the freshness window is acknowledged and ignored, so a captured delivery cannot be
    /// replayed for ever. Nil where the body holds no time that dates the delivery: the window
    /// cannot apply, and the receipt (kept for good) and the stock watermarks are the guards.
    public var signedAt: Timestamp?

    public init(
        stock: [StockEvent] = [], catalog: [CatalogEntry] = [], orders: [OrderEvent] = [],
        itemLinks: [InventoryItemLink] = [], itemLevels: [InventoryItemLevel] = [],
        lookups: [PlatformLookup] = [], ignoredTopic: String? = nil, signedAt: Timestamp? = nil
    ) {
        self.stock = stock
        self.catalog = catalog
        self.orders = orders
        self.itemLinks = itemLinks
        self.itemLevels = itemLevels
        self.lookups = lookups
        self.ignoredTopic = ignoredTopic
        self.signedAt = signedAt
    }
}

/// One inventory item of a variant (Shopify keeps stock on items, shoppers watch variants).
public struct InventoryItemLink: Hashable, Sendable, Codable {
    public var itemID: String
    public var variantID: String

    public init(itemID: String, variantID: String) {
        self.itemID = itemID
        self.variantID = variantID
    }
}

/// An absolute level of an inventory item at a location, before we know its variant.
public struct InventoryItemLevel: Hashable, Sendable, Codable {
    public var itemID: String
    public var locationID: String
    public var available: Int
    public var occurredAt: Timestamp

    public init(itemID: String, locationID: String, available: Int, occurredAt: Timestamp) {
        self.itemID = itemID
        self.locationID = locationID
        self.available = available
        self.occurredAt = occurredAt
    }
}

/// Something a thin webhook only names: the engine reads it back from the platform's API.
public struct PlatformLookup: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The inventory of one variant (`productID` and `variantID` set).
        case variantInventory = "variant-inventory"
        /// The inventory of a product tracked at product level (`productID` set).
        case productInventory = "product-inventory"
        /// One order (`orderID` set).
        case order
    }

    public var kind: Kind
    public var productID: String?
    public var variantID: String?
    public var orderID: String?
    public var occurredAt: Timestamp

    public init(
        kind: Kind, productID: String? = nil, variantID: String? = nil, orderID: String? = nil,
        occurredAt: Timestamp
    ) {
        self.kind = kind
        self.productID = productID
        self.variantID = variantID
        self.orderID = orderID
        self.occurredAt = occurredAt
    }
}

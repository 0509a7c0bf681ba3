import Foundation

/// Normalizes Shopify webhook deliveries (REST-shaped JSON bodies, any recent API version).
///
/// What this relies on, from Shopify's webhook reference and sample payloads:
/// - ids (`id`, `variant_id`, `inventory_item_id`, `location_id`, `order_id`) are JSON integers
///   that exceed 2^53; they are read with ``FlexibleID`` and kept as exact decimal text.
/// - money is decimal text (`"199.00"`); a bare number is accepted too (``DecimalText``).
/// - times are ISO-8601 with an offset (`2021-12-31T19:00:00-05:00`).
/// - stock lives on inventory items per location (`inventory_levels/update`); shoppers watch
///   variants, so the `inventory_item_id → variant id` map comes from `products/update`.
public enum ShopifyFormat {
    /// What the payloads do not say and the shop's configuration does.
    public struct Options: Hashable, Sendable {
        /// The shop's currency. Product payloads carry prices without one, so catalog prices are
        /// only kept when this is set or the variant lists `presentment_prices`.
        public var shopCurrency: String?
        /// Our tracking parameter in `landing_site` (and the `note_attributes` name).
        public var attributionParameter: String

        public init(shopCurrency: String? = nil, attributionParameter: String = "restock") {
            self.shopCurrency = shopCurrency
            self.attributionParameter = attributionParameter
        }
    }

    /// One delivery. `topic` is `X-Shopify-Topic`; `triggeredAt` is `X-Shopify-Triggered-At`
    /// parsed (nil when absent), used to order a level whose body carries no time of its own.
    ///
    /// Shopify's HMAC covers the body alone, so neither header is trusted with anything a
    /// replay could abuse: the topic only picks the type the body must parse as (and a body
    /// whose `admin_graphql_api_id` names another type is refused), an order's status is read
    /// from the order itself (``OrderPayload/status``), and ``PlatformEvents/signedAt`` comes
    /// from the body's own `updated_at` (a refund's `created_at`).
    public static func normalize(
        topic: String, body: Data, triggeredAt: Timestamp?, receivedAt: Timestamp, options: Options = Options()
    ) throws(PayloadError) -> PlatformEvents {
        let fallback = triggeredAt ?? receivedAt
        switch topic {
        case "inventory_levels/update":
            let level = try PayloadDecoder.decode(InventoryLevelPayload.self, from: body)
            try requireType("InventoryLevel", in: level.admin_graphql_api_id, topic: topic)
            return PlatformEvents(
                itemLevels: level.normalized(fallbackTime: fallback), signedAt: level.updated_at?.timestamp)
        case "products/update", "products/create":
            let product = try PayloadDecoder.decode(ProductPayload.self, from: body)
            try requireType("Product", in: product.admin_graphql_api_id, topic: topic)
            let (catalog, links) = product.normalized(shopCurrency: options.shopCurrency)
            return PlatformEvents(catalog: catalog, itemLinks: links, signedAt: product.updated_at?.timestamp)
        case "orders/create", "orders/paid", "orders/cancelled":
            let order = try PayloadDecoder.decode(OrderPayload.self, from: body)
            try requireType("Order", in: order.admin_graphql_api_id, topic: topic)
            return PlatformEvents(
                orders: [try order.normalized(fallbackTime: fallback, options: options)], signedAt: order.signedAt)
        case "refunds/create":
            let refund = try PayloadDecoder.decode(RefundPayload.self, from: body)
            try requireType("Refund", in: refund.admin_graphql_api_id, topic: topic)
            return PlatformEvents(
                orders: try refund.normalized(fallbackTime: fallback).map { [$0] } ?? [],
                signedAt: (refund.created_at ?? refund.processed_at)?.timestamp)
        default:
            return PlatformEvents(ignoredTopic: topic)
        }
    }

    /// Refuses a body whose `admin_graphql_api_id` (`gid://shopify/Order/450789469`) names
    /// another type than the topic's: the topic header is not signed, so a signed product
    /// relabelled as an order (or the reverse) must not be read as one. Bodies without the
    /// field are held to the type's required fields alone.
    static func requireType(_ type: String, in globalID: String?, topic: String) throws(PayloadError) {
        guard let globalID, !globalID.hasPrefix("gid://shopify/\(type)/") else { return }
        throw PayloadError("admin_graphql_api_id", "names another type than the \(type) that \(topic) delivers")
    }

    /// Body of `inventory_levels/update`: one item's level at one location.
    ///
    /// `available` is `null` when the item is not tracked: Shopify then sells it without limit
    /// and reports no quantity, so there is no level to record and nothing is produced (an
    /// untracked item is never "sold out"; recording 0 would block its watches).
    struct InventoryLevelPayload: Decodable {
        var inventory_item_id: FlexibleID
        var location_id: FlexibleID
        var available: Int?
        var updated_at: FlexibleTime?
        var admin_graphql_api_id: String?

        func normalized(fallbackTime: Timestamp) -> [InventoryItemLevel] {
            guard let available else { return [] }
            return [
                InventoryItemLevel(
                    itemID: inventory_item_id.value, locationID: location_id.value, available: available,
                    occurredAt: updated_at?.timestamp ?? fallbackTime)
            ]
        }
    }
}

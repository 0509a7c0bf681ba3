import Foundation

/// Normalizes WooCommerce webhook deliveries (REST API v3 resources, `wp_api_v3` payloads).
///
/// What this relies on, from WooCommerce's webhook and REST API v3 documentation and
/// `WC_Webhook::build_payload` (the body is `GET /wc/v3/{resource}s/{id}` as it is at delivery):
/// - ids are JSON integers; `parent_id` and `variation_id` are `0` when there is none.
/// - money is decimal text (`"19.99"`, `""` for no price); product payloads carry no currency.
/// - `date_modified_gmt` is UTC written without a zone (`2026-11-25T10:00:00`).
/// - a variation arrives as its own product delivery with `type: "variation"`; through the
///   products endpoint its picture is `images[0]`, through the variations endpoint `image`, and
///   both are read.
public enum WooCommerceFormat {
    /// What the payloads do not say and the shop's configuration does.
    public struct Options: Hashable, Sendable {
        /// Whether a product on backorder counts as available to shoppers.
        public var backorderIsAvailable: Bool
        /// The level recorded for an item that is in stock without a managed quantity.
        public var assumedQuantity: Int
        /// The shop's currency, for catalog prices (product payloads carry none).
        public var currency: String?
        /// Our tracking parameter, in order meta and the attribution entry URL.
        public var attributionParameter: String

        public init(
            backorderIsAvailable: Bool = false, assumedQuantity: Int = 100, currency: String? = nil,
            attributionParameter: String = "restock"
        ) {
            self.backorderIsAvailable = backorderIsAvailable
            self.assumedQuantity = assumedQuantity
            self.currency = currency
            self.attributionParameter = attributionParameter
        }
    }

    /// One delivery; `topic` is `X-WC-Webhook-Topic`.
    ///
    /// WooCommerce's HMAC covers the body alone, so the topic only picks the type the body must
    /// parse as: an order's status is its own `status`, and a product must carry the
    /// `stock_status` every product and variation has (an order relabelled as a product does
    /// not). ``PlatformEvents/signedAt`` is an order's `date_modified_gmt`, which moves with
    /// every status change. A product's is left nil: its `date_modified_gmt` does not move when
    /// an order or the REST API changes only the stock (woocommerce/woocommerce#40060), so a
    /// product untouched for months still sends current stock under an old time, and a
    /// freshness window on it would drop real restocks.
    public static func normalize(
        topic: String, body: Data, receivedAt: Timestamp, options: Options = Options()
    ) throws(PayloadError) -> PlatformEvents {
        switch topic {
        case "product.created", "product.updated", "product.restored":
            let product = try PayloadDecoder.decode(ProductPayload.self, from: body)
            return product.normalized(receivedAt: receivedAt, options: options)
        case "product.deleted":
            // A deleted product is not sold out: nothing changes for its watches.
            return PlatformEvents()
        case "order.created", "order.updated":
            let order = try PayloadDecoder.decode(OrderPayload.self, from: body)
            return PlatformEvents(
                orders: try order.normalized(receivedAt: receivedAt, options: options).map { [$0] } ?? [],
                signedAt: (order.date_modified_gmt ?? order.date_created_gmt)?.timestamp)
        default:
            return PlatformEvents(ignoredTopic: topic)
        }
    }

    /// The unsigned ping WooCommerce sends when a merchant saves a webhook: a form-encoded
    /// `webhook_id=N`. It must be answered 200, and carries nothing to record. A missing content
    /// type is accepted too, since such a body can never be a JSON delivery.
    public static func isPing(contentType: String?, body: Data) -> Bool {
        if let contentType {
            let type = contentType.split(separator: ";").first?.trimmingSpaces.lowercased() ?? ""
            guard type == "application/x-www-form-urlencoded" else { return false }
        }
        guard body.count <= 64, let text = String(data: body, encoding: .utf8) else { return false }
        let trimmed = text.trimmingSpaces
        guard trimmed.hasPrefix("webhook_id=") else { return false }
        let id = trimmed.dropFirst("webhook_id=".count)
        return !id.isEmpty && id.allSatisfy(\.isASCIIDigit)
    }

    /// WooCommerce's `*_gmt` times: UTC without a zone designator (`2026-11-25T10:00:00`); a
    /// designator, if a filter adds one, is honoured.
    struct GMTTime: Decodable {
        var timestamp: Timestamp

        init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            let time = text.split(separator: "T", maxSplits: 1).last ?? ""
            let zoned = time.contains("Z") || time.contains("+") || time.contains("-") ? text : text + "Z"
            guard text.contains("T"), let parsed = Timestamp(iso8601: zoned) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "expected a time like 2026-11-25T10:00:00"))
            }
            timestamp = parsed
        }
    }
}

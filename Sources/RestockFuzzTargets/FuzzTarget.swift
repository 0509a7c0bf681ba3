/// The fuzz targets: each drives one decoder, verifier or encoder that meets bytes from outside
/// with a fuzz input, and checks what must hold whatever the input (README "Fuzzing").
///
/// Every target's first duty is not to trap. Where a stronger property is cheap to state it is
/// checked too: a verifier never accepts a signature made with another key, streaming a feed in
/// any chunks reads what one chunk reads, a composed header decodes back to its text, DKIM
/// canonicalization is idempotent, a link token survives its own decoding.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `StandardWebhookVerifier` (generic routes, BigCommerce): id, timestamp, signature, body.
    case standardWebhook = "standard-webhook"
    /// `BodyHMACVerifier` (Shopify, WooCommerce): signature, body.
    case bodyHMAC = "body-hmac"
    /// `ShopifyFormat.normalize`: topic, `X-Shopify-Triggered-At`, body.
    case shopify
    /// `WooCommerceFormat`: topic, content type, webhook id, body.
    case woocommerce
    /// `BigCommerceFormat`, webhook and API answers: what, first body, second body.
    case bigcommerce
    /// `GenericInventoryPayload`: the body of `POST /v1/inventory`.
    case genericInventory = "generic-inventory"
    /// `GenericOrderPayload`: the body of `POST /v1/orders`.
    case genericOrders = "generic-orders"
    /// `FeedParser` on an XML feed, streamed in chunks.
    case feedXML = "feed-xml"
    /// `FeedParser` on a tab-separated feed, streamed in chunks.
    case feedTSV = "feed-tsv"
    /// `LinkToken.decode`: a token from a mailed link.
    case linkToken = "link-token"
    /// `TemplateSet` with the shipped templates, fed catalog text.
    case template
    /// `MessageComposer`: subject, display names and an extra header from the input.
    case mimeHeader = "mime-header"
    /// `DKIMCanonicalization`: a message's header fields and body, relaxed.
    case dkimCanonical = "dkim-canonical"

    /// libFuzzer's `-max_len`: room for the largest seed and some growth. Longer inputs only
    /// repeat what shorter ones reach, more slowly.
    public var maxLength: Int {
        switch self {
        case .linkToken: 256
        case .bodyHMAC, .standardWebhook, .template: 4096
        case .mimeHeader, .dkimCanonical: 8192
        case .shopify, .woocommerce, .bigcommerce, .genericInventory, .genericOrders, .feedXML, .feedTSV: 16384
        }
    }

    /// Runs the target on one input; throws when an invariant breaks.
    public func run(_ input: FuzzInput) throws(FuzzFailure) {
        switch self {
        case .standardWebhook: try Self.standardWebhook(input)
        case .bodyHMAC: try Self.bodyHMAC(input)
        case .shopify: try Self.shopify(input)
        case .woocommerce: try Self.wooCommerce(input)
        case .bigcommerce: try Self.bigCommerce(input)
        case .genericInventory: try Self.genericInventory(input)
        case .genericOrders: try Self.genericOrders(input)
        case .feedXML: try Self.feed(input, xml: true)
        case .feedTSV: try Self.feed(input, xml: false)
        case .linkToken: try Self.linkToken(input)
        case .template: try Self.template(input)
        case .mimeHeader: try Self.mimeHeader(input)
        case .dkimCanonical: try Self.dkimCanonical(input)
        }
    }
}

import RestockCore

/// The native integrations' webhook settings. Keys (read in `restockd`,
/// `PlatformWebhooksConfiguration+ConfigReader.swift`); an integration with no secret answers
/// 401 to everything, so none is open by default:
/// - `restock.shopify.secret`, `restock.shopify.secretPrevious` (secret): the app's API secret
///   that signs `X-Shopify-Hmac-Sha256`, and the one being rotated out.
/// - `restock.shopify.adminSecret` (secret): webhooks made in the shop's admin (Settings →
///   Notifications → Webhooks) are signed with that page's store-level key instead; they are
///   sent to `/webhooks/shopify/admin`, checked against it alone.
/// - `restock.shopify.currency` (ISO 4217): the shop's currency, for catalog prices (product
///   payloads carry none).
/// - `restock.woocommerce.secret`, `restock.woocommerce.secretPrevious` (secret): each
///   webhook's "Secret" field in WooCommerce → Settings → Advanced → Webhooks.
/// - `restock.woocommerce.backorderAvailable` (bool, default false): whether `onbackorder`
///   counts as in stock.
/// - `restock.woocommerce.inStockQuantity` (int, default 100): the level a product in stock
///   without a managed quantity gets.
/// - `restock.woocommerce.currency` (ISO 4217): the shop's currency, for catalog prices.
/// - `restock.bigcommerce.secret`, `restock.bigcommerce.secretPrevious` (secret): the Standard
///   Webhooks secret that signs `webhook-signature`.
/// - `restock.webhook.maxAgeSeconds` (int, default 172800, at least 14400): a Shopify
///   delivery or a WooCommerce order whose signed body dates it further back is acknowledged
///   and ignored. The floor is Shopify's retry schedule (4 hours), so no retry of a real
///   delivery is ever dropped. BigCommerce and the generic routes sign `webhook-timestamp` and
///   keep to `restock.webhook.toleranceSeconds` instead.
public struct PlatformWebhooksConfiguration: Sendable, Equatable {
    public var shopifySecrets: [String]
    public var shopifyAdminSecrets: [String]
    public var shopify: ShopifyFormat.Options
    public var wooCommerceSecrets: [String]
    public var wooCommerce: WooCommerceFormat.Options
    public var bigCommerceSecrets: [String]
    public var maxAgeSeconds: Int

    public init(
        shopifySecrets: [String] = [], shopifyAdminSecrets: [String] = [],
        shopify: ShopifyFormat.Options = .init(), wooCommerceSecrets: [String] = [],
        wooCommerce: WooCommerceFormat.Options = .init(), bigCommerceSecrets: [String] = [],
        maxAgeSeconds: Int = 172_800
    ) {
        self.shopifySecrets = shopifySecrets
        self.shopifyAdminSecrets = shopifyAdminSecrets
        self.shopify = shopify
        self.wooCommerceSecrets = wooCommerceSecrets
        self.wooCommerce = wooCommerce
        self.bigCommerceSecrets = bigCommerceSecrets
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// Which integrations can accept deliveries, for `check-config` and the start-up lines.
    public var configured: [String] {
        var names: [String] = []
        if !shopifySecrets.isEmpty || !shopifyAdminSecrets.isEmpty { names.append("shopify") }
        if !wooCommerceSecrets.isEmpty { names.append("woocommerce") }
        if !bigCommerceSecrets.isEmpty { names.append("bigcommerce") }
        return names
    }
}

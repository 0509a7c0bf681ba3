import RestockCore

/// What the HTTP surface needs to know. Keys (read in `restockd`, `HTTPConfiguration+ConfigReader.swift`):
/// - `restock.admin.token` (string, secret; default: generated once and kept in the data
///   directory): bearer token for the shop backend and admin routes.
/// - `restock.webhook.secret` (string, secret, required for `/v1/inventory` and `/v1/orders`):
///   Standard Webhooks signing secret (`whsec_…` base64, or any other string used as raw bytes).
/// - `restock.webhook.secretPrevious` (string, secret, optional): the secret being rotated out;
///   signatures by either are accepted.
/// - `restock.webhook.maxBodyBytes` (int, default 262144): larger bodies get 413.
/// - `restock.webhook.toleranceSeconds` (int, default 300): accepted clock skew of
///   `webhook-timestamp`.
/// - `restock.watches.allowedOrigins` (comma-separated, default none): browser origins allowed
///   to call `POST /v1/watches` without the token.
/// - `restock.watches.ratePerIP` (int per hour, default 20) and `restock.watches.ratePerEmail`
///   (int per hour, default 5): storefront limits.
/// - `restock.http.trustedProxies` (comma-separated address blocks, default none): reverse
///   proxies whose `X-Forwarded-For` names the client (``ClientAddressMiddleware``).
/// - `restock.tracking.attributionParameter` (string, default `restock`): the query parameter a
///   tracked click adds to the product URL, which orders carry back for direct attribution.
/// - the native integrations' secrets and options: ``PlatformWebhooksConfiguration``.
/// - per-client limits of the public routes: ``RateLimits``; connection limits:
///   ``HTTPServerLimits``.
/// - `restock.links.secret` and `restock.shop.name` are read with the mail settings (the
///   dispatcher signs the links this surface checks) and copied here.
public struct HTTPConfiguration: Sendable, Equatable {
    public var adminToken: String
    public var webhookSecrets: [String]
    public var maxBodyBytes: Int
    public var toleranceSeconds: Int
    public var allowedOrigins: [String]
    public var ratePerIP: Int
    public var ratePerEmail: Int
    /// Checks the tokens of `/u`, `/r` and `/c` links; shorter than 16 bytes turns the routes off.
    public var linkSecret: String
    /// Named on the pages those links open.
    public var shopName: String
    public var attributionParameter: String
    public var trustedProxies: [IPRange]
    /// Shopify, WooCommerce and BigCommerce webhooks.
    public var platforms: PlatformWebhooksConfiguration
    public var rateLimits: RateLimits
    public var serverLimits: HTTPServerLimits

    public init(
        adminToken: String, webhookSecrets: [String] = [], maxBodyBytes: Int = 256 * 1024,
        toleranceSeconds: Int = 300, allowedOrigins: [String] = [], ratePerIP: Int = 20,
        ratePerEmail: Int = 5, linkSecret: String = "", shopName: String = "the shop",
        attributionParameter: String = "restock", trustedProxies: [IPRange] = [],
        platforms: PlatformWebhooksConfiguration = .init(), rateLimits: RateLimits = .init(),
        serverLimits: HTTPServerLimits = .init()
    ) {
        self.rateLimits = rateLimits
        self.serverLimits = serverLimits
        self.platforms = platforms
        self.trustedProxies = trustedProxies
        self.attributionParameter = attributionParameter
        self.adminToken = adminToken
        self.webhookSecrets = webhookSecrets
        self.maxBodyBytes = maxBodyBytes
        self.toleranceSeconds = toleranceSeconds
        self.allowedOrigins = allowedOrigins
        self.ratePerIP = ratePerIP
        self.ratePerEmail = ratePerEmail
        self.linkSecret = linkSecret
        self.shopName = shopName
    }
}

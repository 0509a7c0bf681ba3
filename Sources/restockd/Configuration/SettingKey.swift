/// Every key `restockd` reads: the one list that the `checked…` reads take their keys from (a
/// key missing here cannot be read), that `check-config` compares the environment with to
/// find typos, that decides which values are secrets and may come from a systemd credential,
/// and that a test compares with `deploy/restockd.env.example`, so no key goes undocumented.
/// What each key means, its type and default, is documented on the component that reads it.
enum SettingKey: String, CaseIterable, Sendable {
    case dataDir = "restock.dataDir"
    case storeURL = "restock.store.url"
    case storePoolSize = "restock.store.poolSize"
    case storeMigrate = "restock.store.migrate"
    case logLevel = "restock.log.level"

    case httpHost = "restock.http.host"
    case httpPort = "restock.http.port"
    case httpPublicURL = "restock.http.publicURL"
    case httpTrustedProxies = "restock.http.trustedProxies"
    case httpIdleTimeoutSeconds = "restock.http.idleTimeoutSeconds"
    case httpHeaderTimeoutSeconds = "restock.http.headerTimeoutSeconds"
    case httpBodyTimeoutSeconds = "restock.http.bodyTimeoutSeconds"
    case httpMaxHeaderBytes = "restock.http.maxHeaderBytes"
    case httpMaxConnections = "restock.http.maxConnections"
    case httpRateLimitTrackingPerMinute = "restock.http.rateLimit.trackingPerMinute"
    case httpRateLimitLinksPerMinute = "restock.http.rateLimit.linksPerMinute"
    case httpRateLimitRefusedPerMinute = "restock.http.rateLimit.refusedPerMinute"
    case httpRateLimitMaxClients = "restock.http.rateLimit.maxClients"

    case adminToken = "restock.admin.token"
    case webhookSecret = "restock.webhook.secret"
    case webhookSecretPrevious = "restock.webhook.secretPrevious"
    case webhookMaxBodyBytes = "restock.webhook.maxBodyBytes"
    case webhookToleranceSeconds = "restock.webhook.toleranceSeconds"
    case webhookMaxAgeSeconds = "restock.webhook.maxAgeSeconds"

    case watchesAllowedOrigins = "restock.watches.allowedOrigins"
    case watchesRatePerIP = "restock.watches.ratePerIP"
    case watchesRatePerEmail = "restock.watches.ratePerEmail"
    case watchesDoubleOptIn = "restock.watches.doubleOptIn"
    case watchesTTLDays = "restock.watches.ttlDays"

    case plannerMinAvailable = "restock.planner.minAvailable"
    case plannerPerUnit = "restock.planner.perUnit"
    case plannerWaveInterval = "restock.planner.waveInterval"

    case mailURL = "restock.mail.url"
    case mailUsername = "restock.mail.username"
    case mailPassword = "restock.mail.password"
    case mailTLS = "restock.mail.tls"
    case mailAllowPlaintextAuth = "restock.mail.allowPlaintextAuth"
    case mailConnections = "restock.mail.connections"
    case mailFrom = "restock.mail.from"
    case mailFromName = "restock.mail.fromName"
    case mailBounce = "restock.mail.bounce"
    case mailTemplates = "restock.mail.templates"
    case mailDKIMDomain = "restock.mail.dkim.domain"
    case mailDKIMSelector = "restock.mail.dkim.selector"
    case mailDKIMKeyFile = "restock.mail.dkim.keyFile"
    case mailDKIMEd25519Selector = "restock.mail.dkim.ed25519.selector"
    case mailDKIMEd25519KeyFile = "restock.mail.dkim.ed25519.keyFile"
    case mailGiveUpHours = "restock.mail.giveUpHours"
    case mailRatePerSecond = "restock.mail.ratePerSecond"
    case mailLeaseSeconds = "restock.mail.leaseSeconds"
    case linksSecret = "restock.links.secret"

    case shopName = "restock.shop.name"
    case shopAddress = "restock.shop.address"
    case shopURL = "restock.shop.url"

    case trackingEnabled = "restock.tracking.enabled"
    case trackingAttributionParameter = "restock.tracking.attributionParameter"
    case trackingPrefetchWindowSeconds = "restock.tracking.prefetchWindowSeconds"
    case trackingBurstWindowSeconds = "restock.tracking.burstWindowSeconds"
    case trackingRepeatWindowSeconds = "restock.tracking.repeatWindowSeconds"
    case trackingAppleProxyRanges = "restock.tracking.appleProxyRanges"
    case attributionClickWindowDays = "restock.attribution.clickWindowDays"
    case attributionOpenWindowHours = "restock.attribution.openWindowHours"

    case stockLocations = "restock.stock.locations"

    case shopifySecret = "restock.shopify.secret"
    case shopifySecretPrevious = "restock.shopify.secretPrevious"
    case shopifyAdminSecret = "restock.shopify.adminSecret"
    case shopifyCurrency = "restock.shopify.currency"
    case wooCommerceSecret = "restock.woocommerce.secret"
    case wooCommerceSecretPrevious = "restock.woocommerce.secretPrevious"
    case wooCommerceBackorderAvailable = "restock.woocommerce.backorderAvailable"
    case wooCommerceInStockQuantity = "restock.woocommerce.inStockQuantity"
    case wooCommerceCurrency = "restock.woocommerce.currency"
    case bigCommerceSecret = "restock.bigcommerce.secret"
    case bigCommerceSecretPrevious = "restock.bigcommerce.secretPrevious"
    case bigCommerceStoreHash = "restock.bigcommerce.storeHash"
    case bigCommerceAccessToken = "restock.bigcommerce.accessToken"
    case bigCommerceAPIURL = "restock.bigcommerce.apiURL"

    case feedURL = "restock.feed.url"
    case feedIntervalSeconds = "restock.feed.intervalSeconds"
    case feedInStockQuantity = "restock.feed.inStockQuantity"
    case feedPreorderAvailable = "restock.feed.preorderAvailable"
    case feedBackorderAvailable = "restock.feed.backorderAvailable"

    /// Values never printed or logged. Each may also be given as a systemd credential, as may
    /// the files in ``isFile``. The store and mail URLs count: they may carry a password.
    var isSecret: Bool {
        switch self {
        case .storeURL, .adminToken, .webhookSecret, .webhookSecretPrevious, .mailURL, .mailUsername, .mailPassword,
            .linksSecret, .shopifySecret, .shopifySecretPrevious, .shopifyAdminSecret, .wooCommerceSecret,
            .wooCommerceSecretPrevious, .bigCommerceSecret, .bigCommerceSecretPrevious, .bigCommerceAccessToken:
            true
        default: false
        }
    }

    /// Keys naming a file of secret content (the DKIM private keys): a credential under the
    /// key's name is that file, so the key itself never has to sit anywhere else.
    var isFile: Bool { self == .mailDKIMKeyFile || self == .mailDKIMEd25519KeyFile }

    /// Keys a file in `$CREDENTIALS_DIRECTORY` named after them may give (``ConfigSources``).
    static var credentials: [SettingKey] { allCases.filter { $0.isSecret || $0.isFile } }

    /// The environment variable, as swift-configuration's `EnvironmentVariablesProvider` finds it.
    var environmentName: String { Self.environmentName(rawValue) }

    /// swift-configuration's rule (`EnvironmentKeyEncoder`, internal to it): each dot-separated
    /// component gets `_` where a lower-case letter meets an upper-case one, is upper-cased, has
    /// anything but letters and digits turned into `_`, and the components are joined with `_`.
    /// `restock.webhook.secretPrevious` → `RESTOCK_WEBHOOK_SECRET_PREVIOUS`.
    static func environmentName(_ key: String) -> String {
        key.split(separator: ".", omittingEmptySubsequences: false).map { component in
            var words = ""
            var previous: Character?
            for character in component {
                if let previous, previous.isLowercase, character.isUppercase { words.append("_") }
                words.append(character)
                previous = character
            }
            return String(words.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        }.joined(separator: "_")
    }

    /// Names the daemon reads from the environment itself, outside the keys.
    static let environmentOnlyNames: Set<String> = ["RESTOCK_ENV_FILE"]
}

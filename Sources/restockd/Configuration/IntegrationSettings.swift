import Configuration
import Curl
import RestockCore
import RestockEngine

/// The integrations the engine runs itself: the BigCommerce API that thin webhooks send us back
/// to, and the polled product feed. Keys are listed on ``BigCommerceConfiguration`` and
/// ``FeedConfiguration``.
struct IntegrationSettings {
    var bigCommerce: BigCommerceConfiguration?
    var feed: FeedConfiguration?

    init(reader: ConfigReader, minAvailable: Int) throws {
        let storeHash = reader.checkedString(.bigCommerceStoreHash)
        let token = reader.checkedString(.bigCommerceAccessToken)
        switch (storeHash, token) {
        case (let storeHash?, let token?):
            guard storeHash.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ConfigError(
                    key: "restock.bigcommerce.storeHash", problem: "expected the letters and digits of stores/HASH")
            }
            let api = reader.checkedString(.bigCommerceAPIURL) ?? "https://api.bigcommerce.com"
            guard api.hasPrefix("https://") || api.hasPrefix("http://") else {
                throw ConfigError(key: "restock.bigcommerce.apiURL", problem: "expected an http(s):// URL")
            }
            bigCommerce = BigCommerceConfiguration(storeHash: storeHash, accessToken: token, apiURL: api)
        case (nil, nil):
            bigCommerce = nil
        case (nil, _):
            throw ConfigError(
                key: "restock.bigcommerce.storeHash", problem: "required with restock.bigcommerce.accessToken")
        case (_, nil):
            throw ConfigError(
                key: "restock.bigcommerce.accessToken", problem: "required with restock.bigcommerce.storeHash")
        }
        if let url = reader.checkedString(.feedURL) {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw ConfigError(
                    key: "restock.feed.url",
                    // Without user, password or query: a feed URL may carry its key there.
                    problem: "expected an http:// or https:// URL, got \(CurlURL.loggable(url))")
            }
            let reconciliation = FeedReconciliation(
                minAvailable: minAvailable,
                inStockQuantity: try reader.checkedInt(.feedInStockQuantity, default: 100, range: 1...1_000_000_000),
                preorderIsAvailable: try reader.checkedBool(.feedPreorderAvailable, default: false),
                backorderIsAvailable: try reader.checkedBool(.feedBackorderAvailable, default: false))
            feed = FeedConfiguration(
                url: url,
                interval: .seconds(
                    try reader.checkedInt(.feedIntervalSeconds, default: 900, range: 10...86_400)),
                reconciliation: reconciliation)
        } else {
            feed = nil
        }
    }
}

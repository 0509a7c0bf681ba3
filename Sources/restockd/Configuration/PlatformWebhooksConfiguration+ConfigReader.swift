import Configuration
import RestockCore
import RestockHTTP

extension PlatformWebhooksConfiguration {
    /// Keys are listed on ``PlatformWebhooksConfiguration``.
    init(reader: ConfigReader) throws {
        func secrets(_ prefix: String) -> [String] {
            [
                reader.checkedString("\(prefix).secret", secret: true),
                reader.checkedString("\(prefix).secretPrevious", secret: true),
            ]
            .compactMap { $0 }
        }
        self.init(
            shopifySecrets: secrets("restock.shopify"),
            shopifyAdminSecrets: [reader.checkedString("restock.shopify.adminSecret", secret: true)].compactMap { $0 },
            shopify: ShopifyFormat.Options(shopCurrency: try reader.checkedCurrency("restock.shopify.currency")),
            wooCommerceSecrets: secrets("restock.woocommerce"),
            wooCommerce: WooCommerceFormat.Options(
                backorderIsAvailable: try reader.checkedBool("restock.woocommerce.backorderAvailable", default: false),
                assumedQuantity: try reader.checkedInt(
                    "restock.woocommerce.inStockQuantity", default: 100, range: 1...1_000_000_000),
                currency: try reader.checkedCurrency("restock.woocommerce.currency")),
            bigCommerceSecrets: secrets("restock.bigcommerce"),
            maxAgeSeconds: try reader.checkedInt(
                "restock.webhook.maxAgeSeconds", default: 172_800, range: 14_400...2_592_000))
    }
}

extension ConfigReader {
    /// An ISO 4217 code such as `EUR`, upper-cased: the same rule as every payload's
    /// (``CurrencyCode``).
    func checkedCurrency(_ key: String) throws -> String? {
        guard let text = checkedString(key) else { return nil }
        guard let code = CurrencyCode.normalized(text) else {
            throw ConfigError(key: key, problem: "\(CurrencyCode.requirement), got \"\(text)\"")
        }
        return code
    }
}

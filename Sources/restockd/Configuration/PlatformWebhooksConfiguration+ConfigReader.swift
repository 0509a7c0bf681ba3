import Configuration
import RestockCore
import RestockHTTP

extension PlatformWebhooksConfiguration {
    /// Keys are listed on ``PlatformWebhooksConfiguration``.
    init(reader: ConfigReader) throws {
        func secrets(_ current: SettingKey, _ previous: SettingKey) -> [String] {
            [reader.checkedString(current), reader.checkedString(previous)].compactMap { $0 }
        }
        self.init(
            shopifySecrets: secrets(.shopifySecret, .shopifySecretPrevious),
            shopifyAdminSecrets: [reader.checkedString(.shopifyAdminSecret)].compactMap { $0 },
            shopify: ShopifyFormat.Options(shopCurrency: try reader.checkedCurrency(.shopifyCurrency)),
            wooCommerceSecrets: secrets(.wooCommerceSecret, .wooCommerceSecretPrevious),
            wooCommerce: WooCommerceFormat.Options(
                backorderIsAvailable: try reader.checkedBool(.wooCommerceBackorderAvailable, default: false),
                assumedQuantity: try reader.checkedInt(
                    .wooCommerceInStockQuantity, default: 100, range: 1...1_000_000_000),
                currency: try reader.checkedCurrency(.wooCommerceCurrency)),
            bigCommerceSecrets: secrets(.bigCommerceSecret, .bigCommerceSecretPrevious),
            maxAgeSeconds: try reader.checkedInt(.webhookMaxAgeSeconds, default: 172_800, range: 14_400...2_592_000))
    }
}

extension ConfigReader {
    /// An ISO 4217 code such as `EUR`, upper-cased: the same rule as every payload's
    /// (``CurrencyCode``).
    func checkedCurrency(_ key: SettingKey) throws -> String? {
        guard let text = checkedString(key) else { return nil }
        guard let code = CurrencyCode.normalized(text) else {
            throw ConfigError(key: key.rawValue, problem: "\(CurrencyCode.requirement), got \"\(text)\"")
        }
        return code
    }
}

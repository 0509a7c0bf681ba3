import Foundation
import RestockCore
import Synchronization

/// Prices as the shopper's locale writes them: `€19.99` in English, `19,99 zł` in Polish.
/// Built from minor units through `Decimal`, so no binary fraction ever rounds a price.
///
/// Formatted prices are kept: a wave's thousands of emails show the same few, and making a
/// `NumberFormatter` cost more than rendering the rest of the email.
enum PriceFormatter {
    private struct Key: Hashable {
        var minor: Int64
        var currency: String
        var locale: String
    }

    private static let cache = Mutex<[Key: String]>([:])
    /// Distinct prices kept before the cache starts over: far more than a shop shows at once.
    private static let capacity = 10_000

    static func format(_ price: Price, locale: String) -> String {
        let key = Key(minor: price.minor, currency: price.currency, locale: locale)
        if let known = cache.withLock({ $0[key] }) { return known }
        let text = formatUncached(price, locale: locale)
        cache.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = text
        }
        return text
    }

    static func formatUncached(_ price: Price, locale: String) -> String {
        let exponent = Money.exponent(currency: price.currency)
        let amount = Decimal(price.minor) / pow(Decimal(10), exponent)
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.locale = Locale(identifier: locale.replacingOccurrences(of: "-", with: "_"))
        formatter.currencyCode = price.currency.uppercased()
        formatter.minimumFractionDigits = exponent
        formatter.maximumFractionDigits = exponent
        return formatter.string(from: amount as NSDecimalNumber) ?? "\(amount) \(price.currency)"
    }
}

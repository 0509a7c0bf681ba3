import Foundation
import RestockCore

/// Prices as the shopper's locale writes them: `€19.99` in English, `19,99 zł` in Polish.
/// Built from minor units through `Decimal`, so no binary fraction ever rounds a price.
///
/// Runs only when the templates do, once per wave (``RenderCache``), so the formatter is made
/// fresh each time.
enum PriceFormatter {
    static func format(_ price: Price, locale: String) -> String {
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

import Foundation
import RestockCore

/// Prices as the shopper's locale writes them: `€19.99` in English, `19,99 zł` in Polish.
/// Built from minor units through `Decimal`, so no binary fraction ever rounds a price.
///
/// Runs only when the templates do, once per wave (``RenderCache``), so the formatter is made
/// fresh each time.
///
/// Total, whatever was stored: a currency that is not an ISO code is written after the plain
/// amount and never handed to ICU, and a locale that is not a language tag formats as
/// `en_US_POSIX`, so ICU is only ever given the shapes it was written for. (Foundation traps on
/// a locale identifier that starts outside ASCII, `é` or `日本`: found by the `template` fuzz
/// target, and it would have stopped the dispatcher on every attempt to send that watch's email.)
enum PriceFormatter {
    static func format(_ price: Price, locale: String) -> String {
        let exponent = Money.exponent(currency: price.currency)
        let amount = Decimal(price.minor) / pow(Decimal(10), exponent)
        guard let currency = CurrencyCode.normalized(price.currency) else {
            return "\(amount) \(SafeText.line(price.currency, maxLength: 3))"
        }
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.locale = Locale(
            identifier: LanguageTag.normalized(locale)?.replacingOccurrences(of: "-", with: "_") ?? "en_US_POSIX")
        formatter.currencyCode = currency
        formatter.minimumFractionDigits = exponent
        formatter.maximumFractionDigits = exponent
        return formatter.string(from: amount as NSDecimalNumber) ?? "\(amount) \(currency)"
    }

}

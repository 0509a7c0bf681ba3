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
        formatter.locale = foundationLocale(locale)
        formatter.currencyCode = price.currency.uppercased()
        formatter.minimumFractionDigits = exponent
        formatter.maximumFractionDigits = exponent
        return formatter.string(from: amount as NSDecimalNumber) ?? "\(amount) \(price.currency)"
    }

    /// The locale Foundation formats with. A watch's locale comes from the storefront, and
    /// Foundation traps on an identifier that starts with a character outside ASCII (`é`, `日本`:
    /// found by the `template` fuzz target), which would stop the dispatcher on every attempt to
    /// send that watch's email. So only BCP 47's letters, digits, `-` and `_` reach it; anything
    /// else formats the neutral way (ICU's root locale: `€ 19.99`).
    static func foundationLocale(_ identifier: String) -> Locale {
        let isBCP47 =
            identifier.utf8.count <= 64
            && identifier.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                    || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
            }
        return Locale(identifier: isBCP47 ? identifier.replacingOccurrences(of: "-", with: "_") : "")
    }
}

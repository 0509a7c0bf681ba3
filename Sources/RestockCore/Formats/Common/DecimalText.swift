import Foundation

/// A price or total given as decimal text (`"19.99"`, what Shopify, WooCommerce and BigCommerce
/// send) or as a bare JSON number (`19.99`, as some older Shopify examples show). A number is read
/// as `Decimal`, whose JSON decoding keeps the written digits, so it never passes through `Double`.
public struct DecimalText: Decodable, Hashable, Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let number = try? container.decode(Decimal.self) {
            self.text = "\(number)"
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected decimal text like \"19.99\""))
        }
    }

    /// Exact minor units. Zeros beyond the currency's exponent are dropped first, because
    /// BigCommerce writes four decimals (`"79.0000"`): nil only when a dropped digit would matter.
    public func minorUnits(currency: String) -> Int64? {
        Money.minorUnits(trimmed(currency: currency), currency: currency)
    }

    /// Minor units, rounded half away from zero when the text has more significant decimals than
    /// the currency (BigCommerce's tax-inclusive unit prices can: the shopper paid the rounded
    /// amount).
    public func roundedMinorUnits(currency: String) -> Int64? {
        if let exact = minorUnits(currency: currency) { return exact }
        let exponent = Money.exponent(currency: currency)
        let text = trimmed(currency: currency)
        guard let dot = text.firstIndex(of: ".") else { return nil }
        let fraction = text[text.index(after: dot)...]
        guard fraction.count > exponent, let next = fraction.dropFirst(exponent).first, next.isASCIIDigit
        else { return nil }
        let kept = String(text[..<dot]) + (exponent == 0 ? "" : "." + fraction.prefix(exponent))
        guard let truncated = Money.minorUnits(kept, currency: currency) else { return nil }
        guard next >= "5" else { return truncated }
        return truncated < Money.maxMinorUnits ? truncated + 1 : nil
    }

    private func trimmed(currency: String) -> String {
        var text = String(text.trimmingSpaces)
        guard let dot = text.firstIndex(of: ".") else { return text }
        let exponent = Money.exponent(currency: currency)
        while text.distance(from: dot, to: text.endIndex) - 1 > exponent, text.last == "0" { text.removeLast() }
        if text.last == "." { text.removeLast() }
        return text
    }
}

/// The one rule for a currency: an ISO 4217 code, exactly three ASCII letters, stored upper-case.
///
/// The code goes to the number formatter that writes the price in an email, and picks the
/// minor-unit exponent (``Money``); anything else is no currency at all.
public enum CurrencyCode {
    /// What a refusal says, after the field name.
    public static let requirement = "expected a three-letter ISO 4217 code like \"EUR\""

    /// The code upper-cased, or `nil` when it is not three ASCII letters.
    public static func normalized(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard scalars.count == 3, scalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) })
        else { return nil }
        return text.uppercased()
    }
}

/// The one rule for an id a shop gives us (a variant, a location): at most ``maxLength``
/// characters and no line breaks or control characters.
///
/// Ids are compared as given and show up in reports, CSV exports and logs, where a line break
/// would forge a row or a log line; Shopify's are 64-bit numbers, WooCommerce's and
/// BigCommerce's smaller, and a SKU-style id is far shorter than the limit.
public enum ExternalID {
    public static let maxLength = 255

    /// Why `text` cannot be an id, or `nil` when it can.
    public static func problem(_ text: String) -> String? {
        guard !text.isEmpty else { return "must not be empty" }
        return SafeText.problem(text, maxLength: maxLength)
    }
}

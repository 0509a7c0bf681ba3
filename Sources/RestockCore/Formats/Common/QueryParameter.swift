/// Reads one query parameter from a full URL or a bare path and query: Shopify's `landing_site`
/// is `/products/x?restock=T&utm_source=y`, WooCommerce's attribution entry URL is absolute, and
/// either may be malformed in ways `URLComponents` refuses (spaces, stray `%`), so this parses
/// by hand and never fails.
public enum QueryParameter {
    /// The first non-empty value of `name`, percent-decoded (`+` is a space, as in a form).
    public static func value(named name: String, in url: String) -> String? {
        guard let question = url.firstIndex(of: "?") else { return nil }
        var query = url[url.index(after: question)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard decode(parts[0]) == name, parts.count == 2 else { continue }
            let value = decode(parts[1])
            if !value.isEmpty { return value }
        }
        return nil
    }

    /// Percent-decoding that keeps a malformed escape as written instead of failing.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Converts decimal price text to integer minor units, exactly (never through `Double`).
public enum Money {
    /// ISO 4217 minor-unit exponents that are not 2.
    static let exponents: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
        "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    ]

    public static func exponent(currency: String) -> Int { exponents[currency.uppercased()] ?? 2 }

    /// The largest amount taken from outside, in minor units: 10^15, ten trillion euros, far
    /// beyond any price or order. Amounts are multiplied by quantities and summed into revenue
    /// over many orders; below this bound those sums stay far inside 64 bits, and every amount
    /// stays exact for a JSON reader that holds numbers as doubles (2^53).
    public static let maxMinorUnits: Int64 = 1_000_000_000_000_000

    /// `"19.99"` in EUR → 1999; `"1500"` in JPY → 1500. Returns nil for anything that is not a
    /// plain non-negative decimal, has more fraction digits than the currency allows, or is
    /// above ``maxMinorUnits``.
    public static func minorUnits(_ text: String, currency: String) -> Int64? {
        let exponent = exponent(currency: currency)
        let parts = text.trimmingSpaces.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy(\.isASCIIDigit)
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy(\.isASCIIDigit), fraction.count <= exponent,
            parts.count == 1 || !fraction.isEmpty
        else { return nil }
        fraction += String(repeating: "0", count: exponent - fraction.count)
        let (scaled, overflow) = (Int64(whole) ?? .max).multipliedReportingOverflow(by: power10(exponent))
        guard !overflow, let minor = Int64(fraction.isEmpty ? "0" : fraction) else { return nil }
        let (sum, overflow2) = scaled.addingReportingOverflow(minor)
        return overflow2 || sum > maxMinorUnits ? nil : sum
    }

    /// `nil` when `minor` (an amount sent as an integer) is one ``minorUnits(_:currency:)``
    /// could give, else why not, to follow a field name (`price_minor: must not be negative`).
    public static func problem(minor: Int64) -> String? {
        if minor < 0 { return "must not be negative" }
        return minor > maxMinorUnits ? "must be at most \(maxMinorUnits)" : nil
    }

    static func power10(_ n: Int) -> Int64 { (0..<n).reduce(1) { acc, _ in acc * 10 } }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let s = self[...]
        guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = s.lastIndex(where: { !$0.isWhitespace })!
        return Substring(s[first...last])
    }
}

import Foundation
import RestockCore

/// Numbers as the report shows them.
public enum ReportFormat {
    /// Minor units as an amount with the currency's decimals and thousands separators:
    /// `1,234.56 EUR`; `1,500 JPY`.
    public static func money(_ minor: Int64, currency: String, withCode: Bool = true) -> String {
        let exponent = Money.exponent(currency: currency)
        let divisor = UInt64(pow(10, Double(exponent)))
        let sign = minor < 0 ? "-" : ""
        // The magnitude, not `abs`: `abs(Int64.min)` traps, and a sum held at its bound is one.
        let whole = grouped(minor.magnitude / divisor)
        let fraction = exponent > 0 ? "." + String(format: "%0\(exponent)llu", minor.magnitude % divisor) : ""
        return sign + whole + fraction + (withCode ? " \(currency)" : "")
    }

    static func grouped(_ value: some BinaryInteger) -> String {
        var digits = Array(String(value))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    /// `part` of `whole` as a percentage with one decimal, or an en dash when there is no whole.
    static func percent(_ part: Int64, of whole: Int64) -> String {
        whole > 0 ? String(format: "%.1f%%", Double(part) / Double(whole) * 100) : "–"
    }
}

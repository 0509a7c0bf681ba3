import Foundation

extension SchemaCatalog {
    /// A column default as both dialects would print the same value: casts (`'queued'::text`)
    /// and outer parentheses gone, booleans as SQLite stores them (`false` → `0`).
    static func normalizedDefault(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces).replacing(castPattern, with: "")
        while value.hasPrefix("("), value.hasSuffix(")") { value = String(value.dropFirst().dropLast()) }
        switch value.lowercased() {
        case "null": return nil
        case "false": return "0"
        case "true": return "1"
        default: return value
        }
    }

    /// An index predicate as both dialects would print the same condition, as well as text can
    /// tell: lower case, no identifier quotes, casts or parentheses, PostgreSQL's
    /// `= ANY (ARRAY[…])` and `<> ALL (ARRAY[…])` as `in […]` and `not in […]`, SQLite's
    /// `IN (…)` as `in […]`, a column compared with `false`/`0` as `not column` and with
    /// `true`/`1` as `column` (SQLite's booleans are 0 and 1), one space between words and none
    /// around commas or inside brackets.
    static func normalizedPredicate(_ text: String) -> String {
        var value = text.lowercased().replacingOccurrences(of: "\"", with: "")
            .replacing(castPattern, with: "")
            .replacingOccurrences(of: "!=", with: "<>")
        value = value.replacing(#/<>\s*all\s*\(\s*array\s*\[([^\]]*)\]\s*\)/#) { " not in [\($0.1)]" }
        value = value.replacing(#/=\s*any\s*\(\s*array\s*\[([^\]]*)\]\s*\)/#) { " in [\($0.1)]" }
        value = value.replacing(#/\bin\s*\(([^()]*)\)/#) { "in [\($0.1)]" }
        value = value.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
        value = value.replacing(#/([a-z_][a-z0-9_]*)\s*=\s*(false|0)\b/#) { "not \($0.1)" }
        value = value.replacing(#/([a-z_][a-z0-9_]*)\s*=\s*(true|1)\b/#) { String($0.1) }
        value = value.replacing(#/\s+/#, with: " ")
        value = value.replacing(#/\s*,\s*/#, with: ",").replacing(#/\[\s+/#, with: "[").replacing(#/\s+\]/#, with: "]")
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// A PostgreSQL cast such as `::text`, `::character varying` or `::bigint[]`.
    private static var castPattern: some RegexComponent { #/::[A-Za-z_]+(\s+(varying|precision))?(\[\])?/# }
}

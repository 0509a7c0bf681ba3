/// Writing and reading one-dimensional PostgreSQL array literals (`{1,NULL,"a,b"}`).
///
/// The rules are those of the array input/output functions
/// (https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO): an element is quoted with `"`
/// when it is empty, is the word NULL, or holds `"`, `\`, `,`, `{`, `}` or white space; inside
/// quotes `"` and `\` are escaped with `\`; an unquoted `NULL` (any case) is SQL NULL.
enum PostgresArrayLiteral {
    /// Joins the elements' literal texts into one string; `nil` becomes an unquoted `NULL`.
    /// Built in place, without temporary arrays: bulk writes bind arrays of 100,000 elements.
    ///
    /// Callers in other modules reach this through a protocol witness, unspecialised; left
    /// generic, each element went through the runtime's metadata caches, 0.3 s of a
    /// 100,000-watch wave. The specialisations below are dispatched to by type at entry.
    @_specialize(where Element == Int64)
    @_specialize(where Element == Int64?)
    @_specialize(where Element == String)
    @_specialize(where Element == String?)
    @_specialize(where Element == Int)
    @_specialize(where Element == Int32)
    @_specialize(where Element == Bool)
    static func make<Element: PostgresArrayElement>(_ elements: [Element]) -> String {
        var literal = "{"
        literal.reserveCapacity(elements.count * 8 + 2)
        var first = true
        for element in elements {
            if !first { literal.append(",") }
            first = false
            literal.append(element.postgresArrayElementText ?? "NULL")
        }
        literal.append("}")
        return literal
    }

    /// Quotes a string element. Always quoting is simpler than deciding when it is needed, and
    /// it is the only way to send the string `NULL` rather than a SQL NULL.
    static func quote(_ string: String) -> String {
        // Most elements (ids, keys, enum values) need no escaping: one concatenation then.
        if !string.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + string + "\""
        }
        var quoted = "\""
        quoted.reserveCapacity(string.utf8.count + 2)
        for character in string.unicodeScalars {
            if character == "\"" || character == "\\" { quoted.unicodeScalars.append("\\") }
            quoted.unicodeScalars.append(character)
        }
        quoted.append("\"")
        return quoted
    }

    /// `float8in` spells the special values `Infinity`/`-Infinity`/`NaN`; Swift prints
    /// `inf`/`nan`, which PostgreSQL 12+ accepts too, but older servers did not.
    static func float8Text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// Splits a one-dimensional array literal as the server prints it into its elements,
    /// `nil` standing for NULL. Returns `nil` when the text is not such a literal (including
    /// multi-dimensional arrays, which no caller needs).
    static func parse(_ text: String) -> [String?]? {
        var scalars = Substring(text).unicodeScalars[...]
        // Arrays whose lower bound is not 1 print a dimension prefix: `[0:1]={a,b}`.
        if scalars.first == "[" {
            guard let equals = scalars.firstIndex(of: "=") else { return nil }
            scalars = scalars[scalars.index(after: equals)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = scalars.dropFirst().dropLast()
        var elements: [String?] = []
        if scalars.allSatisfy({ $0 == " " }) { return elements }

        var iterator = scalars.makeIterator()
        var current = String.UnicodeScalarView()
        var quoted = false
        var inQuotes = false
        var afterQuotes = false
        while let scalar = iterator.next() {
            if inQuotes {
                switch scalar {
                case "\\":
                    guard let escaped = iterator.next() else { return nil }
                    current.append(escaped)
                case "\"":
                    inQuotes = false
                    afterQuotes = true
                default:
                    current.append(scalar)
                }
                continue
            }
            switch scalar {
            case "{", "}":
                return nil
            case "\"":
                guard current.isEmpty, !afterQuotes else { return nil }
                inQuotes = true
                quoted = true
            case "\\":
                guard let escaped = iterator.next() else { return nil }
                current.append(escaped)
            case ",":
                elements.append(element(current, quoted: quoted))
                current = String.UnicodeScalarView()
                quoted = false
                afterQuotes = false
            case " " where current.isEmpty || afterQuotes:
                continue
            default:
                guard !afterQuotes else { return nil }
                current.append(scalar)
            }
        }
        guard !inQuotes else { return nil }
        elements.append(element(current, quoted: quoted))
        return elements
    }

    private static func element(_ scalars: String.UnicodeScalarView, quoted: Bool) -> String? {
        let string = String(scalars)
        if !quoted && string.uppercased() == "NULL" { return nil }
        return string
    }
}

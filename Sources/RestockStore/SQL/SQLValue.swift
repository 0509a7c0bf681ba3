/// A value bound to a statement parameter, in a form both drivers can take.
///
/// An array is one parameter on either store: PostgreSQL reads it as an array literal
/// (`= ANY($1::bigint[])`, `unnest`), SQLite as a JSON array (`json_each(?)`), so 100,000 ids cost
/// one parameter, not 100,000 placeholders.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)
    case boolean(Bool)
    case integers([Int64])
    case texts([String?])
}

/// A Swift value that can be bound as a ``SQLValue``.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable {
    var sqlValue: SQLValue { .integer(self) }
}

extension Int: SQLBindable {
    var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension String: SQLBindable {
    var sqlValue: SQLValue { .text(self) }
}

extension Bool: SQLBindable {
    var sqlValue: SQLValue { .boolean(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue {
        switch self {
        case .some(let wrapped): wrapped.sqlValue
        case .none: .null
        }
    }
}

/// An element of a list bound as one parameter (``SQLValue/integers(_:)``, ``SQLValue/texts(_:)``).
protocol SQLArrayElement {
    static func sqlValue(of array: [Self]) -> SQLValue
}

extension Int64: SQLArrayElement {
    static func sqlValue(of array: [Int64]) -> SQLValue { .integers(array) }
}

extension String: SQLArrayElement {
    static func sqlValue(of array: [String]) -> SQLValue { .texts(array) }
}

extension Optional: SQLArrayElement where Wrapped == String {
    static func sqlValue(of array: [String?]) -> SQLValue { .texts(array) }
}

extension Array: SQLBindable where Element: SQLArrayElement {
    var sqlValue: SQLValue { Element.sqlValue(of: self) }
}

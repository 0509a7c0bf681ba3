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
    case integers([Int64?])
    case texts([String?])

    /// A list's length; 1 for a single value.
    var count: Int {
        switch self {
        case .integers(let values): values.count
        case .texts(let values): values.count
        default: 1
        }
    }
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
    /// Whether a list of these is a list of texts rather than of integers.
    static var isText: Bool { get }
    var sqlInteger: Int64? { get }
    var sqlText: String? { get }
}

extension Int64: SQLArrayElement {
    static var isText: Bool { false }
    var sqlInteger: Int64? { self }
    var sqlText: String? { nil }
}

extension String: SQLArrayElement {
    static var isText: Bool { true }
    var sqlInteger: Int64? { nil }
    var sqlText: String? { self }
}

extension Optional: SQLArrayElement where Wrapped: SQLArrayElement {
    static var isText: Bool { Wrapped.isText }
    var sqlInteger: Int64? { self?.sqlInteger }
    var sqlText: String? { self?.sqlText }
}

extension Array: SQLBindable where Element: SQLArrayElement {
    var sqlValue: SQLValue { Element.isText ? .texts(map { $0.sqlText }) : .integers(map { $0.sqlInteger }) }
}

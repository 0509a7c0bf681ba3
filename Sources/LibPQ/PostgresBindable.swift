/// A Swift value that can be bound to a `$n` parameter of a ``PostgresQuery``.
///
/// Every value travels in PostgreSQL's text format, so conforming means saying how the server
/// spells the value (`t` for `true`, `{1,2}` for an array) and which type it is.
public protocol PostgresBindable: Sendable {
    /// The type the parameter is declared as; `.unspecified` lets the server infer it.
    static var postgresDataType: PostgresDataType { get }

    /// The value in PostgreSQL's text input format, or `nil` for SQL `NULL`.
    var postgresText: String? { get }
}

extension String: PostgresBindable {
    /// Unspecified rather than `text`, so a string can fill any column whose input is text.
    public static var postgresDataType: PostgresDataType { .unspecified }
    public var postgresText: String? { self }
}

extension Int: PostgresBindable {
    public static var postgresDataType: PostgresDataType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresBindable {
    public static var postgresDataType: PostgresDataType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresBindable {
    public static var postgresDataType: PostgresDataType { .int4 }
    public var postgresText: String? { String(self) }
}

extension Bool: PostgresBindable {
    public static var postgresDataType: PostgresDataType { .bool }
    public var postgresText: String? { self ? "t" : "f" }
}

extension Double: PostgresBindable {
    public static var postgresDataType: PostgresDataType { .float8 }
    public var postgresText: String? { PostgresArrayLiteral.float8Text(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public static var postgresDataType: PostgresDataType { Wrapped.postgresDataType }
    // A switch for the reason given on the array element below: the key path was built anew
    // for every optional parameter, a sixth of the CPU of inserting 100,000 watches one by one.
    public var postgresText: String? {
        switch self {
        case .some(let wrapped): wrapped.postgresText
        case .none: nil
        }
    }
}

/// A value that can be an element of a bound array (`[Int64]`, `[String?]`, …).
///
/// Arrays are sent as PostgreSQL array literals (`{1,NULL,"a\"b"}`), so
/// `WHERE id = ANY(\(ids))` and `unnest(\(a)::bigint[], \(b)::text[])` work with one parameter
/// each, however many elements there are.
public protocol PostgresArrayElement: Sendable {
    /// The array type (`int8[]`…) an array of this element is declared as.
    static var postgresArrayDataType: PostgresDataType { get }

    /// The element as it appears inside an array literal, already quoted; `nil` is `NULL`.
    var postgresArrayElementText: String? { get }
}

extension String: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .unspecified }
    public var postgresArrayElementText: String? { PostgresArrayLiteral.quote(self) }
}

extension Int: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .int8Array }
    public var postgresArrayElementText: String? { String(self) }
}

extension Int64: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .int8Array }
    public var postgresArrayElementText: String? { String(self) }
}

extension Int32: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .int4Array }
    public var postgresArrayElementText: String? { String(self) }
}

extension Bool: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .boolArray }
    public var postgresArrayElementText: String? { self ? "t" : "f" }
}

extension Double: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { .float8Array }
    public var postgresArrayElementText: String? { PostgresArrayLiteral.float8Text(self) }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { Wrapped.postgresArrayDataType }
    // A switch, not `flatMap(\.postgresArrayElementText)`: the key path is not specialised
    // across modules and cost ~2 µs per element, 200 ms for a 100,000-watch wave.
    public var postgresArrayElementText: String? {
        switch self {
        case .some(let wrapped): wrapped.postgresArrayElementText
        case .none: nil
        }
    }
}

extension Array: PostgresBindable where Element: PostgresArrayElement {
    public static var postgresDataType: PostgresDataType { Element.postgresArrayDataType }
    public var postgresText: String? {
        PostgresArrayLiteral.make(self)
    }
}

/// A Swift type a column of a ``PostgresRow`` can be decoded to, from PostgreSQL's text output.
public protocol PostgresDecodable {
    /// Reads the text the server printed for a non-NULL value; `nil` when it is not valid.
    init?(postgresText text: String)

    /// The value SQL NULL decodes to, or `nil` when this type cannot represent NULL (then
    /// decoding a NULL throws). Only `Optional` says otherwise.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension String: PostgresDecodable {
    public init?(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Int64: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Int32: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Int16: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Double: PostgresDecodable {
    /// Swift reads `Infinity`, `-Infinity` and `NaN` as `float8out` prints them.
    public init?(postgresText text: String) { self.init(text) }
}

extension Bool: PostgresDecodable {
    /// `boolout` prints `t` and `f`; the long forms are accepted for text columns.
    public init?(postgresText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init?(postgresText text: String) {
        guard let wrapped = Wrapped(postgresText: text) else { return nil }
        self = .some(wrapped)
    }

    public static var postgresNull: Self? { .some(.none) }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a one-dimensional array literal; a NULL element needs an optional `Element`.
    public init?(postgresText text: String) {
        guard let elements = PostgresArrayLiteral.parse(text) else { return nil }
        var decoded: [Element] = []
        decoded.reserveCapacity(elements.count)
        for element in elements {
            if let element {
                guard let value = Element(postgresText: element) else { return nil }
                decoded.append(value)
            } else {
                guard let null = Element.postgresNull else { return nil }
                decoded.append(null)
            }
        }
        self = decoded
    }
}

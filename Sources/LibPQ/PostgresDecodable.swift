/// A Swift type a column of a ``PostgresRow`` can be decoded to, from PostgreSQL's text output.
public protocol PostgresDecodable {
    /// Reads the text the server printed for a non-NULL value; `nil` when it is not valid.
    init?(postgresText text: String)

    /// Reads the same text straight from the result's buffer (`length` bytes, not counting the
    /// NUL after them). The default makes a `String` and calls ``init(postgresText:)``; integers
    /// parse the digits in place, which halves decoding a 100,000-row result of mostly numbers.
    init?(postgresBytes bytes: UnsafePointer<CChar>, length: Int)

    /// The value SQL NULL decodes to, or `nil` when this type cannot represent NULL (then
    /// decoding a NULL throws). Only `Optional` says otherwise.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }

    @inlinable
    public init?(postgresBytes bytes: UnsafePointer<CChar>, length: Int) {
        self.init(postgresText: String(cString: bytes))
    }
}

extension PostgresDecodable where Self: FixedWidthInteger & SignedInteger {
    /// `int2out`/`int4out`/`int8out` print an optional `-` and decimal digits, nothing else;
    /// a value out of `Self`'s range is refused, not wrapped.
    @inlinable
    public init?(postgresBytes bytes: UnsafePointer<CChar>, length: Int) {
        let negative = length > 0 && bytes[0] == 0x2D  // "-"
        var index = negative ? 1 : 0
        guard index < length else { return nil }
        var value: Self = 0
        while index < length {
            let digit = Int(bytes[index]) - 0x30
            guard (0...9).contains(digit) else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative
                ? shifted.subtractingReportingOverflow(Self(digit)) : shifted.addingReportingOverflow(Self(digit))
            guard !overflowA, !overflowB else { return nil }
            value = next
            index += 1
        }
        self = value
    }
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

    @inlinable
    public init?(postgresBytes bytes: UnsafePointer<CChar>, length: Int) {
        guard let wrapped = Wrapped(postgresBytes: bytes, length: length) else { return nil }
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

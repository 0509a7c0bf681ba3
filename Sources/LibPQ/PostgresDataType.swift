/// The PostgreSQL type a bound parameter is declared as, by its `pg_type` OID.
///
/// Parameters are always sent as text; the type only tells the server how to read that text.
/// `unspecified` (OID 0) lets the server infer the type from the context, which is what text
/// wants: the same `String` can then fill a `text`, `timestamptz`, `jsonb` or enum column.
/// Numbers and booleans are declared, so `SELECT \(n) + 1` or `jsonb_build_object('n', \(n))`
/// do not fail with "could not determine data type of parameter".
public struct PostgresDataType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let unspecified = PostgresDataType(rawValue: 0)
    public static let bool = PostgresDataType(rawValue: 16)
    public static let int8 = PostgresDataType(rawValue: 20)
    public static let int4 = PostgresDataType(rawValue: 23)
    public static let text = PostgresDataType(rawValue: 25)
    public static let float8 = PostgresDataType(rawValue: 701)
    public static let boolArray = PostgresDataType(rawValue: 1000)
    public static let int4Array = PostgresDataType(rawValue: 1007)
    public static let textArray = PostgresDataType(rawValue: 1009)
    public static let int8Array = PostgresDataType(rawValue: 1016)
    public static let float8Array = PostgresDataType(rawValue: 1022)
}

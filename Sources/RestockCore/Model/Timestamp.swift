#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A point in time as whole microseconds since 1970, UTC.
///
/// Stores keep it as a 64-bit integer in both dialects, so a watermark read back from SQLite or
/// PostgreSQL compares exactly with the one that was written (a `Date` round-trips through
/// floating point and text and can lose the last digit).
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// A date outside what 64-bit microseconds hold (about ±292,000 years; a parsed outside
    /// value can be anything) is clamped to the nearest end rather than trapping.
    public init(_ date: Date) {
        let value = (date.timeIntervalSince1970 * 1_000_000).rounded()
        // 2^63 is exactly representable; Int64.max is not, so compare against it.
        let limit = 9_223_372_036_854_775_808.0
        self.microseconds =
            value.isNaN ? 0 : value >= limit ? .max : value < -limit ? .min : Int64(value)
    }

    public static var now: Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    public func adding(seconds: Double) -> Timestamp {
        Timestamp(microseconds: microseconds + Int64((seconds * 1_000_000).rounded()))
    }

    /// ``iso8601``: how a time reads in logs and messages.
    public var description: String { iso8601 }

    public init(from decoder: any Decoder) throws {
        self.microseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(microseconds)
    }
}

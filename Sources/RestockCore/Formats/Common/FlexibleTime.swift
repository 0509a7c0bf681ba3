import Foundation

/// An event time given as ISO-8601 text (with or without fractional seconds and zone offset) or
/// as Unix seconds.
public struct FlexibleTime: Decodable, Hashable, Sendable {
    public let timestamp: Timestamp

    /// Unix seconds beyond year 9999 are refused rather than trapping in the `Int64` conversion.
    static let maxSeconds: Double = 253_402_300_800

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self), abs(seconds) < Self.maxSeconds {
            self.timestamp = Timestamp(microseconds: Int64((seconds * 1_000_000).rounded()))
        } else if let text = try? container.decode(String.self), let date = Self.parse(text) {
            self.timestamp = Timestamp(date)
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected ISO-8601 time like 2026-11-25T10:00:00Z or Unix seconds"))
        }
    }

    /// ISO-8601 text with a zone, with or without fractional seconds (as `X-Shopify-Triggered-At`).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? fractional.parse(text)
    }
}

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
        } else if let text = try? container.decode(String.self), let timestamp = Timestamp(iso8601: text) {
            self.timestamp = timestamp
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected ISO-8601 time like 2026-11-25T10:00:00Z or Unix seconds"))
        }
    }
}

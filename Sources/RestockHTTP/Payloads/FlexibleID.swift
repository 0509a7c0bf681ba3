import Foundation
import RestockCore

/// A shop id given as a JSON string or integer, kept as the exact decimal text: Shopify ids
/// exceed 2^53, so they must never pass through `Double` (`271878346596884015` stays exact).
struct FlexibleID: Decodable, Hashable, Sendable {
    let value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.value = text
        } else if let number = try? container.decode(Int64.self) {
            self.value = String(number)
        } else if let number = try? container.decode(UInt64.self) {
            self.value = String(number)
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a string or integer id"))
        }
        guard !value.isEmpty, value.count <= 255 else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "must be 1 to 255 characters"))
        }
    }
}

/// An event time given as ISO-8601 text (with or without fractional seconds and zone offset) or
/// as Unix seconds.
struct FlexibleTime: Decodable, Hashable, Sendable {
    let timestamp: Timestamp

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
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

    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? fractional.parse(text)
    }
}

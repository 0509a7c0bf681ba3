import Foundation

/// A shop id given as a JSON string or integer, kept as the exact decimal text: Shopify ids
/// exceed 2^53, so they must never pass through `Double` (`271878346596884015` stays exact).
public struct FlexibleID: Decodable, Hashable, Sendable {
    public let value: String

    public init(_ value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
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
        // Every id from outside passes here: one rule (``ExternalID``) for all of them.
        if let problem = ExternalID.problem(value) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
        }
    }
}

/// A payload that decoded but cannot be used, or did not decode: the message names the JSON path of
/// the bad field and what was wrong (`line_items[0].quantity: required field is missing`), so the
/// HTTP layer can answer 400 with something a shop developer can act on.
public struct PayloadError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ field: String, _ problem: String) { self.message = "\(field): \(problem)" }

    public init(_ error: DecodingError) { self.message = error.fieldMessage }

    init(message: String) { self.message = message }

    public var description: String { message }
}

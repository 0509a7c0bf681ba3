import Foundation

extension DecodingError {
    /// A message a shop developer can act on: the JSON path of the bad field and what was wrong,
    /// e.g. `events[0].available: expected an integer`.
    var fieldMessage: String {
        switch self {
        case .keyNotFound(let key, let context):
            return "\(Self.path(context.codingPath + [key])): required field is missing"
        case .typeMismatch(let type, let context):
            return "\(Self.path(context.codingPath)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(Self.path(context.codingPath)): expected \(Self.describe(type)), got null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "body is not valid JSON" }
            return "\(Self.path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "body could not be decoded"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "\(type)".contains("Array") ? "an array" : "an object"
        }
    }
}

/// A 400 whose message names the field, raised by payload validation after decoding.
struct PayloadError: Error {
    let message: String
    init(_ field: String, _ problem: String) { self.message = "\(field): \(problem)" }
}

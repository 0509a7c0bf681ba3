import Foundation

extension DecodingError {
    /// A message a shop developer can act on: the JSON path of the bad field and what was wrong,
    /// e.g. `events[0].available: expected an integer`.
    public var fieldMessage: String { fieldMessage(under: "") }

    /// ``fieldMessage`` for a body decoded as the value at `root` (`products` for a separate
    /// answer), so paths read `products[0].quantity` rather than `[0].quantity`.
    func fieldMessage(under root: String) -> String {
        switch self {
        case .keyNotFound(let key, let context):
            return "\(Self.path(context.codingPath + [key], root: root)): required field is missing"
        case .typeMismatch(let type, let context):
            return "\(Self.path(context.codingPath, root: root)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(Self.path(context.codingPath, root: root)): expected \(Self.describe(type)), got null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "\(root.isEmpty ? "body" : root + " body") is not valid JSON" }
            return "\(Self.path(context.codingPath, root: root)): \(context.debugDescription)"
        @unknown default:
            return "body could not be decoded"
        }
    }

    static func path(_ keys: [any CodingKey], root: String = "") -> String {
        var text = root
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

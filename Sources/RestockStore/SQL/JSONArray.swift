/// Lists as JSON array text, the one parameter SQLite's `json_each` reads back as rows.
enum JSONArray {
    /// `[1,2,3]`.
    static func integers(_ values: [Int64]) -> String {
        var text = "["
        text.reserveCapacity(values.count * 8 + 2)
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += String(value)
        }
        text += "]"
        return text
    }

    /// `["a",null,"b\"c"]`, escaped as RFC 8259 requires: quote, backslash and control characters.
    static func texts(_ values: [String?]) -> String {
        var text = "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            guard let value else {
                text += "null"
                continue
            }
            text += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        text += "]"
        return text
    }
}

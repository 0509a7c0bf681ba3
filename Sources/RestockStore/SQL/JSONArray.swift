/// Lists as JSON array text, the one parameter SQLite's `json_each` reads back as rows.
enum JSONArray {
    /// `[1,null,3]`.
    static func integers(_ values: [Int64?]) -> String {
        var text = "["
        text.reserveCapacity(values.count * 8 + 2)
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            text += value.map { String($0) } ?? "null"
        }
        text += "]"
        return text
    }

    /// `["a",null,"b\"c"]`, escaped as RFC 8259 requires: quote, backslash and control characters.
    static func texts(_ values: [String?]) -> String {
        var text = "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            append(value, to: &text)
        }
        text += "]"
        return text
    }

    /// `[[1,"a"],[2,null]]`: the rows of equal-length columns.
    static func rows(_ columns: [SQLValue]) -> String {
        let count = columns.map(\.count).max() ?? 0
        var text = "["
        for row in 0..<count {
            text += row > 0 ? ",[" : "["
            for (index, column) in columns.enumerated() {
                if index > 0 { text += "," }
                switch column {
                case .integers(let values): text += values[row].map { String($0) } ?? "null"
                case .texts(let values): append(values[row], to: &text)
                default: text += "null"
                }
            }
            text += "]"
        }
        text += "]"
        return text
    }

    private static func append(_ value: String?, to text: inout String) {
        guard let value else {
            text += "null"
            return
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
}

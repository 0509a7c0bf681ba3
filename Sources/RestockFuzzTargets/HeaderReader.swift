import Foundation

/// Reads a composed header section back as a receiving mail program does: unfolds each field and
/// decodes RFC 2047 `=?utf-8?B?…?=` words and quoted strings, so a target can compare what a
/// reader sees with what was meant. Only the forms ``MessageComposer`` writes are understood.
struct HeaderReader {
    /// Name and unfolded value (the text after the colon, its leading space kept), in order.
    var fields: [(name: String, value: String)] = []

    /// Reads the header section of `message`; throws when a line is malformed.
    init(_ message: [UInt8]) throws(FuzzFailure) {
        guard let end = Self.find([13, 10, 13, 10], in: message) else {
            throw FuzzFailure("no empty line ends the header section")
        }
        for line in message[..<end].split(separator: 13, omittingEmptySubsequences: false).enumerated() {
            let bytes = line.offset == 0 ? line.element : line.element.dropFirst()
            try expect(line.offset == 0 || line.element.first == 10, "a CR without LF in the header section")
            try expect(!bytes.contains(10), "an LF without CR in the header section")
            try expect(bytes.count <= 998, "a header line of \(bytes.count) octets")
            try expect(
                bytes.allSatisfy { (0x20...0x7E).contains($0) || $0 == 9 }, "a header byte outside printable ASCII")
            let text = String(decoding: bytes, as: UTF8.self)
            if bytes.first == 0x20 || bytes.first == 9 {
                try expect(!fields.isEmpty, "the header section starts with a continuation line")
                fields[fields.count - 1].value += text
            } else {
                guard let colon = text.firstIndex(of: ":") else {
                    throw FuzzFailure("a header line without a colon: \(text)")
                }
                fields.append((String(text[..<colon]), String(text[text.index(after: colon)...])))
            }
        }
    }

    func value(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// An unstructured value as a reader sees it: encoded words decoded, the space between two
    /// adjacent encoded words dropped (RFC 2047 §6.2).
    static func unstructured(_ value: Substring) -> String {
        var out: [UInt8] = []
        var previousWasEncoded = false
        for (index, token) in value.split(separator: " ").enumerated() {
            if let bytes = encodedWord(token) {
                if index > 0, !previousWasEncoded { out.append(0x20) }
                out += bytes
                previousWasEncoded = true
            } else {
                if index > 0 { out.append(0x20) }
                out += Array(token.utf8)
                previousWasEncoded = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A display name as a reader sees it: one quoted string, or atoms and encoded words.
    static func phrase(_ value: Substring) throws(FuzzFailure) -> String {
        let trimmed = value.drop { $0 == " " }
        return trimmed.hasPrefix("\"") ? try unquoted(trimmed) : unstructured(trimmed)
    }

    /// A phrase written as one quoted string (`"J. R. \"Bob\""`), which may hold spaces.
    static func unquoted(_ text: Substring) throws(FuzzFailure) -> String {
        try expect(text.count >= 2 && text.first == "\"" && text.last == "\"", "a malformed quoted string \(text)")
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped || character != "\\" {
                out.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return out
    }

    static func encodedWord(_ token: Substring) -> [UInt8]? {
        guard token.hasPrefix("=?utf-8?B?"), token.hasSuffix("?="), token.count <= 75,
            let data = Data(base64Encoded: String(token.dropFirst(10).dropLast(2)))
        else { return nil }
        return Array(data)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

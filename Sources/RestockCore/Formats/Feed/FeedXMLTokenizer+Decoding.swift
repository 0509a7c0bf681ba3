/// Reading inside tokens: attributes of a start tag, and entity references in text and values.
extension FeedXMLTokenizer {
    /// One `name="value"` of a start tag; the value range excludes the quotes and is undecoded.
    struct Attribute {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// The attributes in a start tag's attribute range, or nil when they are malformed.
    func attributes(in range: Range<Int>) -> [Attribute]? {
        buffer.withUnsafeBufferPointer { p in
            var attributes: [Attribute] = []
            var index = range.lowerBound
            func skipSpace() { while index < range.upperBound, FeedItemBuilder.isSpace(p[index]) { index += 1 } }
            while true {
                skipSpace()
                guard index < range.upperBound else { return attributes }
                let nameStart = index
                while index < range.upperBound, p[index] != UInt8(ascii: "="), !FeedItemBuilder.isSpace(p[index]) {
                    index += 1
                }
                let name = nameStart..<index
                skipSpace()
                guard !name.isEmpty, index < range.upperBound, p[index] == UInt8(ascii: "=") else { return nil }
                index += 1
                skipSpace()
                guard index < range.upperBound, p[index] == UInt8(ascii: "\"") || p[index] == UInt8(ascii: "'") else {
                    return nil
                }
                let quote = p[index]
                index += 1
                let valueStart = index
                while index < range.upperBound, p[index] != quote { index += 1 }
                guard index < range.upperBound else { return nil }
                attributes.append(Attribute(name: name, value: valueStart..<index))
                index += 1
            }
        }
    }

    /// Whether the bytes at `range` spell `literal` (names are compared as bytes, as XML does).
    func bytes(_ range: Range<Int>, equal literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount
            && buffer[range].elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: range.count))
    }

    /// Appends the text at `range` to `out`, replacing the five predefined entities and character
    /// references. An unknown or malformed reference (`&nbsp;` from HTML, a bare `&`) is kept as
    /// written: losing a title's ampersand would be worse than showing it.
    func appendDecoded(_ range: Range<Int>, to out: inout [UInt8]) {
        buffer.withUnsafeBufferPointer { p in
            var runStart = range.lowerBound
            var index = range.lowerBound
            while index < range.upperBound {
                guard p[index] == UInt8(ascii: "&") else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<index]))
                if let (scalar, end) = Self.entity(in: p, at: index, end: range.upperBound) {
                    out.append(contentsOf: scalar.utf8)
                    index = end
                } else {
                    out.append(UInt8(ascii: "&"))
                    index += 1
                }
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<range.upperBound]))
        }
    }

    /// The character of the reference starting at `start` (an `&`) and the offset after its `;`.
    private static func entity(
        in p: UnsafeBufferPointer<UInt8>, at start: Int, end: Int
    ) -> (Unicode.Scalar, Int)? {
        // The longest reference we read is `&#x10FFFF;` or `&#1114111;`; zero padding beyond that
        // is legal but never seen, so a short window keeps a stray `&` cheap.
        var semicolon = start + 1
        while semicolon < end, semicolon - start <= 12, p[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard semicolon < end, p[semicolon] == UInt8(ascii: ";") else { return nil }
        let name = UnsafeBufferPointer(rebasing: p[start + 1..<semicolon])
        guard let first = name.first else { return nil }
        if first == UInt8(ascii: "#") {
            guard let value = number(UnsafeBufferPointer(rebasing: name.dropFirst())) else { return nil }
            // A reference to a code point XML forbids still stands for *something*: show U+FFFD.
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (scalar ?? "\u{FFFD}", semicolon + 1)
        }
        let scalar: Unicode.Scalar
        switch String(decoding: name, as: UTF8.self) {
        case "amp": scalar = "&"
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        default: return nil
        }
        return (scalar, semicolon + 1)
    }

    /// `NN` (decimal) or `xNN` (hex) of a character reference.
    private static func number(_ digits: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var digits = digits[...]
        let radix: UInt32 = digits.first == UInt8(ascii: "x") ? 16 : 10
        if radix == 16 { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * radix + digit
            guard value <= 0x10FFFF else { return nil }
        }
        return value
    }
}

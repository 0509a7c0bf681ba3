extension String {
    /// The text safe inside HTML, in elements and quoted attributes alike: the five characters
    /// Mustache escapes (`< > & " '`), the same way, so text filled in after rendering reads as
    /// if the template had rendered it.
    ///
    /// Works on UTF-8 bytes: the five are ASCII, and no byte of a multi-byte character is ASCII,
    /// so nothing else can match. Every link and name of every email passes through here, and
    /// walking `Character`s (grapheme breaking) was most of its cost.
    public var htmlEscaped: String {
        guard let first = utf8.firstIndex(where: { Self.htmlEntity(for: $0) != nil }) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        out.append(contentsOf: utf8[..<first])
        for byte in utf8[first...] {
            if let entity = Self.htmlEntity(for: byte) {
                out.append(contentsOf: entity.utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func htmlEntity(for byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}

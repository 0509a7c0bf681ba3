extension Sequence<UInt8> {
    /// The bytes as lower-case hex, two digits each: digests as keys (dedupe keys, visitors).
    public var lowercaseHex: String {
        var text = ""
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(Self.digits[Int(byte >> 4)])
            text.append(Self.digits[Int(byte & 0x0F)])
        }
        return text
    }

    private static var digits: [Character] { Array("0123456789abcdef") }
}

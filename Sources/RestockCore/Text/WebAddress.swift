/// The one rule for a URL that an email links to or shows (a product page, an image): an
/// absolute `http` or `https` URL with a host, no whitespace or control characters, and at most
/// ``maxLength`` characters.
///
/// A stored product URL becomes the target of the click redirect and the `href` of the shop's
/// own DKIM-signed mail, so a `javascript:` or `data:` URL, one that hides its real host after
/// user info (`https://shop.example@evil.example/`), or one carrying a line break into the
/// redirect's `Location` header is never stored. Letters beyond ASCII in the path, query or
/// fragment are percent-encoded as UTF-8 (what a browser sends); a host must already be ASCII
/// (an internationalized domain in its `xn--` form).
public enum WebAddress {
    public static let maxLength = 2048

    /// What ``problem(_:)`` says, after the field name.
    public static let requirement =
        "must be an absolute http(s) URL with a host, without spaces or control characters, at most \(maxLength) characters"

    /// Characters RFC 3986 does not allow anywhere in a URL, which browsers encode or refuse:
    /// a quote or angle bracket could also end an HTML attribute if an escape were ever missed.
    private static let excluded = Set("\"<>\\^`{|}".unicodeScalars)

    /// The URL as it is stored and linked, or `nil` when it is unusable.
    public static func normalized(_ text: String) -> String? {
        // Encoding only lengthens: a longer input cannot fit, and is not read any further.
        guard text.utf8.count <= maxLength else { return nil }
        let scalars = text.unicodeScalars
        let prefix: String
        if scalars.starts(with: "https://".unicodeScalars, by: sameLetter) {
            prefix = "https://"
        } else if scalars.starts(with: "http://".unicodeScalars, by: sameLetter) {
            prefix = "http://"
        } else {
            return nil
        }
        let rest = scalars.dropFirst(prefix.unicodeScalars.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard isHost(authority) else { return nil }
        var out = prefix
        out.unicodeScalars.append(contentsOf: authority)
        for scalar in rest[authorityEnd...] {
            if scalar.isASCII {
                guard (0x21...0x7E).contains(scalar.value), !excluded.contains(scalar) else { return nil }
                out.unicodeScalars.append(scalar)
            } else {
                guard SafeText.classify(scalar) == .keep, !scalar.properties.isWhitespace else { return nil }
                for byte in String(scalar).utf8 { out += "%" + hex(byte) }
            }
        }
        return out.utf8.count <= maxLength ? out : nil
    }

    /// ASCII case-insensitive, for the scheme.
    private static func sameLetter(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        a == b || (a.isASCII && b.isASCII && a.value | 0x20 == b.value | 0x20 && ("a"..."z").contains(b))
    }

    /// `nil` when `text` is a usable URL, else ``requirement``.
    public static func problem(_ text: String) -> String? {
        normalized(text) == nil ? requirement : nil
    }

    /// `host[:port]`: a registered name of ASCII letters, digits, `-` and `.`, or an IP literal
    /// in brackets; no user info (a `@` would let the visible start of the URL name another
    /// host than the one it opens).
    private static func isHost(_ authority: Substring.UnicodeScalarView) -> Bool {
        var host = authority[...]
        if host.first == "[" {
            guard let close = host.firstIndex(of: "]") else { return false }
            let literal = host[host.index(after: host.startIndex)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." })
            else { return false }
            host = host[host.index(after: close)...]
            return isPort(host)
        }
        let colon = host.firstIndex(of: ":") ?? host.endIndex
        let name = host[..<colon]
        guard !name.isEmpty, name.first != ".", name.first != "-",
            name.allSatisfy({ isASCIIAlphanumeric($0) || $0 == "-" || $0 == "." })
        else { return false }
        return isPort(host[colon...])
    }

    /// Empty, or `:` and up to five digits.
    private static func isPort(_ text: Substring.UnicodeScalarView) -> Bool {
        guard let first = text.first else { return true }
        let digits = text.dropFirst()
        return first == ":" && !digits.isEmpty && digits.count <= 5 && digits.allSatisfy { ("0"..."9").contains($0) }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

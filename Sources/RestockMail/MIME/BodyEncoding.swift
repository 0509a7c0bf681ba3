#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A text part's body in the `Content-Transfer-Encoding` that keeps it intact across any relay:
/// quoted-printable, or base64 when that is shorter (text that is mostly non-Latin or emoji).
///
/// Never `8bit` or `binary`: an HTML line longer than 998 octets, a bare CR or a line of "." are
/// legal in neither (RFC 5322 §2.1.1, RFC 5321 §4.5.2), and every line both encodings produce
/// is at most 76 characters of printable ASCII.
struct BodyEncoding: Sendable, Hashable {
    /// The `Content-Transfer-Encoding` value.
    enum Kind: String, Sendable {
        case quotedPrintable = "quoted-printable"
        case base64
    }

    let kind: Kind
    /// The encoded body. It ends without a line break when the text did: the CRLF before the
    /// next boundary delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    let bytes: [UInt8]

    private static let crlf: [UInt8] = [13, 10]
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    /// RFC 2045 §6.7 rule 5: "The Quoted-Printable encoding REQUIRES that encoded lines be no
    /// more than 76 characters long."
    private static let quotedPrintableLineLength = 76

    init(_ text: String) {
        let lines = Self.lines(of: text)
        let quotedPrintable = Self.quotedPrintable(lines)
        // base64's length follows from the text's alone: build it only when it would win.
        if Self.base64Length(lines) < quotedPrintable.count {
            kind = .base64
            bytes = Self.base64(lines)
        } else {
            kind = .quotedPrintable
            bytes = quotedPrintable
        }
    }

    /// What ``base64(_:)`` returns, counted: 4 characters per 3 bytes of canonical text, in
    /// lines of 76 joined by CRLF.
    static func base64Length(_ lines: [ArraySlice<UInt8>]) -> Int {
        let canonical = lines.reduce(0) { $0 + $1.count } + 2 * max(0, lines.count - 1)
        let encoded = (canonical + 2) / 3 * 4
        let outputLines = (encoded + quotedPrintableLineLength - 1) / quotedPrintableLineLength
        return encoded + 2 * max(0, outputLines - 1)
    }

    /// The text split at every line break, LF, CRLF or a lone CR alike: in a MIME text part a
    /// line break is CRLF and nothing else (RFC 2046 §4.1.1). A text ending in a line break ends
    /// with an empty line.
    static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 13:
                lines.append(bytes[start..<index])
                index += index + 1 < bytes.count && bytes[index + 1] == 10 ? 2 : 1
                start = index
            case 10:
                lines.append(bytes[start..<index])
                index += 1
                start = index
            default:
                index += 1
            }
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    /// RFC 2045 §6.7, with two extra escapes for the way mail is still carried: a "." starting a
    /// line (`=2E`), which some SMTP paths mangle despite dot-stuffing, and a line starting
    /// "From " (`=46`), which mbox stores rewrite as ">From ".
    static func quotedPrintable(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        // Appended byte by byte into one buffer: a small array per encoded byte was most of
        // the cost of composing a message.
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count } * 11 / 10 + 3 * lines.count)
        for (number, line) in lines.enumerated() {
            if number > 0 { out += crlf }
            var lineLength = 0
            let last = line.endIndex - 1
            for index in line.indices {
                let isLast = index == last
                var literal = isLiteral(line, at: index, isLast: isLast, atLineStart: lineLength == 0)
                // Rule 5: a soft line break "=" ends every wrapped line, so it needs one column.
                let limit = isLast ? quotedPrintableLineLength : quotedPrintableLineLength - 1
                if lineLength + (literal ? 1 : 3) > limit {
                    out.append(UInt8(ascii: "="))
                    out += crlf
                    lineLength = 0
                    literal = isLiteral(line, at: index, isLast: isLast, atLineStart: true)
                }
                let byte = line[index]
                if literal {
                    out.append(byte)
                    lineLength += 1
                } else {
                    out.append(UInt8(ascii: "="))
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0F)])
                    lineLength += 3
                }
            }
        }
        return out
    }

    private static func isLiteral(_ line: ArraySlice<UInt8>, at index: Int, isLast: Bool, atLineStart: Bool) -> Bool {
        switch line[index] {
        case 0x20, 0x09:
            // Rule 3: whitespace at the end of an encoded line would be stripped in transit.
            return !isLast
        case UInt8(ascii: "="):
            return false
        case UInt8(ascii: "."):
            return !atLineStart
        case UInt8(ascii: "F"):
            return !(atLineStart && line[index...].starts(with: "From ".utf8))
        case 0x21...0x7E:
            return true
        default:
            return false
        }
    }

    /// RFC 2045 §6.8: the canonical text (CRLF line breaks) in lines of 76 characters.
    static func base64(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var canonical: [UInt8] = []
        for (number, line) in lines.enumerated() {
            if number > 0 { canonical += crlf }
            canonical += line
        }
        let encoded = Array(Data(canonical).base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38)
        var start = 0
        while start < encoded.count {
            if start > 0 { out += crlf }
            let end = min(start + quotedPrintableLineLength, encoded.count)
            out += encoded[start..<end]
            start = end
        }
        return out
    }
}

/// The "relaxed" header and body canonicalizations of RFC 6376 §3.4.2 and §3.4.4, which survive
/// what relays commonly do to a message: refolding headers, changing the case of header names,
/// adding or trimming whitespace at the ends of lines, and adding empty lines at the end.
///
/// `package`, not internal, so the `dkim-canonical` fuzz target (RestockFuzzTargets) can drive it
/// in release builds, where `@testable import` is not available.
package enum DKIMCanonicalization {
    /// One header field as it appears in the message: the name and the whole raw field, folds
    /// included, without the final CRLF.
    package struct Field {
        package var lowercasedName: String
        package var raw: ArraySlice<UInt8>
    }

    /// Splits a message at the first empty line (RFC 5322 §2.1) into its header fields and body.
    package static func split(_ message: [UInt8]) throws(MailError) -> (fields: [Field], body: ArraySlice<UInt8>) {
        var fields: [Field] = []
        var start = 0
        var index = 0
        while index + 1 < message.count {
            guard message[index] == 13, message[index + 1] == 10 else {
                index += 1
                continue
            }
            if index == start {
                return (fields, message[(index + 2)...])
            }
            let next = index + 2
            if next < message.count, message[next] == 0x20 || message[next] == 0x09 {
                index = next
                continue
            }
            let raw = message[start..<index]
            guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else {
                throw MailError(.invalidMessage, details: "header line without a colon")
            }
            let name = String(decoding: raw[start..<colon], as: UTF8.self)
            fields.append(Field(lowercasedName: trimmed(name).lowercased(), raw: raw))
            start = next
            index = next
        }
        throw MailError(.invalidMessage, details: "no empty line after the header section")
    }

    private static func trimmed(_ text: String) -> String {
        String(
            text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()
        )
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// §3.4.2: lowercase the name, unfold, reduce every run of whitespace to one space, and drop
    /// whitespace at the end of the value and around the colon. Ends in CRLF; the signer drops
    /// it for the DKIM-Signature field itself (§3.7).
    package static func relaxedHeader(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else { return [] }
        var out = Array(trimmed(String(decoding: raw[..<colon], as: UTF8.self)).lowercased().utf8)
        out.append(UInt8(ascii: ":"))
        var pendingSpace = false
        var seenValue = false
        for byte in raw[(colon + 1)...] where byte != 13 && byte != 10 {
            if isWhitespace(byte) {
                pendingSpace = seenValue
                continue
            }
            if pendingSpace { out.append(0x20) }
            pendingSpace = false
            seenValue = true
            out.append(byte)
        }
        return out + [13, 10]
    }

    /// §3.4.4: drop whitespace at the ends of lines, reduce runs of whitespace to one space, and
    /// drop empty lines at the end of the body. A non-empty body ends in exactly one CRLF; an
    /// empty one (or one of empty lines only) stays empty, unlike "simple" which makes it CRLF.
    package static func relaxedBody(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var pendingEmptyLines = 0
        var line: [UInt8] = []
        func endLine() {
            while let last = line.last, isWhitespace(last) { line.removeLast() }
            if line.isEmpty {
                pendingEmptyLines += 1
            } else {
                for _ in 0..<pendingEmptyLines { out += [13, 10] }
                pendingEmptyLines = 0
                out += line + [13, 10]
            }
            line = []
        }
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == 13, index + 1 < body.endIndex, body[index + 1] == 10 {
                endLine()
                index += 2
                continue
            }
            if isWhitespace(byte) {
                if line.last != 0x20 { line.append(0x20) }
            } else {
                line.append(byte)
            }
            index += 1
        }
        if !line.isEmpty { endLine() }
        return out
    }
}

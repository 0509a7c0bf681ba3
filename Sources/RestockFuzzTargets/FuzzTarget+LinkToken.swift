import Crypto
import Foundation
import RestockCore

/// The signed tokens in mailed links (`/u/…`, `/r/…`, `/c/…`, `/t/o/…`, `/t/c/…`, `restock=`).
extension FuzzTarget {
    static let linkSecret = SymmetricKey(data: Data("restock-fuzz-link-secret-0123456789".utf8))
    static let linkNow = Timestamp(microseconds: 1_795_700_000_000_000)
    static let purposes: [LinkToken.Purpose] = [
        .unsubscribe, .resubscribe, .confirm, .open, .click, .attribution,
    ]

    /// Input: a token text, then (optionally) the payload of a token to make and edits to its text.
    ///
    /// Any text decodes or not without trapping, and a text that decodes is the token's own
    /// encoding (nobody has two spellings of one link). A token made from the payload bytes
    /// decodes to itself for its purpose until it expires, and for no other purpose or secret;
    /// an edited copy of its text decodes to nothing or, per the rule above, is the same text.
    static func linkToken(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.fields(2)
        try checkDecoding(FuzzInput.text(fields[0]))

        let made = Array(fields[1].prefix(13))
        guard made.count == 13 else { return }
        let purpose = purposes[Int(made[0]) % purposes.count]
        let id = made[1..<9].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let minutes = made[9..<13].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let token = LinkToken(purpose: purpose, id: id, expiresAt: Timestamp(microseconds: minutes * 60_000_000))
        let text = token.encoded(secret: linkSecret)
        try expect(
            text.utf8.count == 39 && text.utf8.allSatisfy { isBase64URL($0) },
            "token text \(text) is not 39 base64url characters")
        let live = linkNow <= token.expiresAt
        try expect(
            LinkToken.decode(text, purpose: purpose, secret: linkSecret, now: linkNow) == (live ? token : nil),
            "\(token) did not survive encoding")
        for other in purposes where other != purpose {
            try expect(
                LinkToken.decode(text, purpose: other, secret: linkSecret, now: .init(microseconds: 0)) == nil,
                "a \(purpose) token was accepted as \(other)")
        }
        let otherSecret = SymmetricKey(data: Data("restock-fuzz-another-secret-0123456".utf8))
        try expect(
            LinkToken.decode(text, purpose: purpose, secret: otherSecret, now: .init(microseconds: 0)) == nil,
            "a token was accepted under another secret")

        var edited = Array(text.utf8)
        for pair in fields[1].dropFirst(13).chunks(ofCount: 2) where pair.count == 2 {
            edited[Int(pair.first!) % edited.count] = pair.last!
        }
        try checkDecoding(String(decoding: edited, as: UTF8.self))
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// `text` decodes for no purpose, or is the encoding of what it decodes to.
    private static func checkDecoding(_ text: String) throws(FuzzFailure) {
        for purpose in purposes {
            guard let token = LinkToken.decode(text, purpose: purpose, secret: linkSecret, now: .init(microseconds: 0))
            else { continue }
            try expect(token.encoded(secret: linkSecret) == text, "\(text) decodes, but \(token) encodes differently")
        }
    }
}

extension Collection {
    /// Consecutive slices of `count` elements (the last may be shorter).
    fileprivate func chunks(ofCount count: Int) -> [SubSequence] {
        var chunks: [SubSequence] = []
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: count, limitedBy: endIndex) ?? endIndex
            chunks.append(self[start..<end])
            start = end
        }
        return chunks
    }
}

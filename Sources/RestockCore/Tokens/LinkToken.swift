import Crypto
import Foundation

/// The opaque token in a link Restock mails out (`/u/…`, `/r/…`, `/c/…`, `/t/o/…`, `/t/c/…`)
/// and in the attribution parameter of a product URL: what it is for, the
/// row it names and when it stops working, with an HMAC-SHA256 over them (docs/ARCHITECTURE.md §7).
///
/// 13 bytes of payload and the first 16 bytes of the MAC, base64url: 39 characters. A token
/// carries no email address, so a forwarded or logged link reveals nobody.
public struct LinkToken: Sendable, Hashable {
    /// What the link does; part of the signed payload, so a token for one purpose cannot be
    /// replayed at another route.
    public enum Purpose: UInt8, Sendable, Hashable {
        /// Unsubscribe a customer from all mail.
        case unsubscribe = 1
        /// Put a watch back in the queue at its old place, from a "sold out again" email.
        case resubscribe = 2
        /// Confirm a double opt-in watch.
        case confirm = 3
        /// The open pixel of one email: the id is its outbox row.
        case open = 4
        /// A tracked link of one email: the id is its `links` row, which holds the URL.
        case click = 5
        /// The `restock=` parameter a click appends to the product URL, which the order carries
        /// back: the id is the same `links` row, so the order names the email and the variant.
        case attribution = 6
    }

    public var purpose: Purpose
    /// A customer id for `unsubscribe`, an outbox id for `open`, a link id for `click` and
    /// `attribution`, a watch id for the others.
    public var id: Int64
    /// The token is refused after this time (kept to the minute, rounded up).
    public var expiresAt: Timestamp

    public init(purpose: Purpose, id: Int64, expiresAt: Timestamp) {
        self.purpose = purpose
        self.id = id
        self.expiresAt = expiresAt
    }

    static let macBytes = 16

    /// The token text for a link.
    public func encoded(secret: SymmetricKey) -> String {
        let payload = self.payload
        let mac = Array(HMAC<SHA256>.authenticationCode(for: payload, using: secret)).prefix(Self.macBytes)
        return Self.base64URL(payload + mac)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// RFC 4648 §5 without padding, by hand: every email carries two or three tokens, and
    /// base64 then three `replacingOccurrences` cost more than the HMAC.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            let characters = min(4, (bytes.count - index) * 4 / 3 + ((bytes.count - index) % 3 == 0 ? 0 : 1))
            for position in 0..<characters {
                out.append(alphabet[Int((triple >> (18 - 6 * UInt32(position))) & 63)])
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The token a link carried, if it is well formed, signed with `secret`, for `purpose` and
    /// not expired at `now`. The MAC is compared in constant time.
    ///
    /// Only the text ``encoded(secret:)`` writes is accepted: 29 bytes leave two unused bits in
    /// the last character, which base64 decoders ignore, so without the check four spellings
    /// would open the same link (and count as four different links wherever text is compared).
    public static func decode(_ text: String, purpose: Purpose, secret: SymmetricKey, now: Timestamp) -> LinkToken? {
        guard text.utf8.count == 39, let data = Data(base64URL: text), data.count == 13 + macBytes else { return nil }
        let bytes = Array(data)
        guard base64URL(bytes) == text else { return nil }
        let payload = Array(bytes[0..<13])
        let expected = Array(HMAC<SHA256>.authenticationCode(for: payload, using: secret)).prefix(macBytes)
        var difference: UInt8 = 0
        for (a, b) in zip(expected, bytes[13...]) { difference |= a ^ b }
        guard difference == 0, payload[0] == purpose.rawValue else { return nil }
        let id = payload[1..<9].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let minutes = payload[9..<13].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let token = LinkToken(purpose: purpose, id: id, expiresAt: Timestamp(microseconds: minutes * 60_000_000))
        return now <= token.expiresAt ? token : nil
    }

    /// Purpose, id (8 bytes) and expiry in whole minutes since 1970 (4 bytes, enough until
    /// the year 10136), big-endian.
    private var payload: [UInt8] {
        let minutes = UInt32(clamping: (expiresAt.microseconds + 59_999_999) / 60_000_000)
        return [purpose.rawValue]
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(bitPattern: id) >> ($0 * 8)) }
            + (0..<4).reversed().map { UInt8(truncatingIfNeeded: minutes >> ($0 * 8)) }
    }
}

extension Data {
    /// RFC 4648 §5 base64url without padding.
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard
            base64.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "+" || $0 == "/")
            })
        else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}

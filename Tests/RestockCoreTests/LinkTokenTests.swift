import Crypto
import Foundation
import Testing

@testable import RestockCore

/// Tokens in mailed links: they round-trip, and anything altered, expired, or meant for another
/// route is refused.
@Suite struct LinkTokenTests {
    let secret = SymmetricKey(data: Data("restock link secret for the tests".utf8))
    let now = Timestamp(microseconds: 1_764_590_400_000_000)

    @Test func aTokenRoundTripsWithinItsLifetime() throws {
        let token = LinkToken(purpose: .resubscribe, id: 271_878_346_596, expiresAt: now.adding(seconds: 86_400))
        let text = token.encoded(secret: secret)
        #expect(text.count == 39)
        #expect(text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        let decoded = try #require(LinkToken.decode(text, purpose: .resubscribe, secret: secret, now: now))
        #expect(decoded.id == 271_878_346_596)
        #expect(decoded.purpose == .resubscribe)
        #expect(decoded.expiresAt >= token.expiresAt)
    }

    @Test func anExpiredTokenIsRefused() {
        let text = LinkToken(purpose: .confirm, id: 7, expiresAt: now).encoded(secret: secret)
        #expect(LinkToken.decode(text, purpose: .confirm, secret: secret, now: now) != nil)
        #expect(LinkToken.decode(text, purpose: .confirm, secret: secret, now: now.adding(seconds: 61)) == nil)
    }

    @Test func aTokenForOneRouteIsRefusedAtAnother() {
        let text = LinkToken(purpose: .unsubscribe, id: 7, expiresAt: now.adding(seconds: 60)).encoded(secret: secret)
        #expect(LinkToken.decode(text, purpose: .resubscribe, secret: secret, now: now) == nil)
    }

    @Test func anyChangedCharacterOrAnotherSecretIsRefused() {
        let text = LinkToken(purpose: .unsubscribe, id: 42, expiresAt: now.adding(seconds: 600)).encoded(secret: secret)
        for index in text.indices {
            var altered = text
            altered.replaceSubrange(index...index, with: text[index] == "A" ? "B" : "A")
            #expect(LinkToken.decode(altered, purpose: .unsubscribe, secret: secret, now: now) == nil)
        }
        let other = SymmetricKey(data: Data("another secret".utf8))
        #expect(LinkToken.decode(text, purpose: .unsubscribe, secret: other, now: now) == nil)
        for junk in ["", "not a token", String(text.dropLast()), text + "A", String(repeating: "é", count: 39)] {
            #expect(LinkToken.decode(junk, purpose: .unsubscribe, secret: secret, now: now) == nil)
        }
    }
}

extension LinkTokenTests {
    /// Found by the `link-token` fuzz target (Tests/Fuzz/regressions/link-token): the last
    /// character carries two unused bits, and a link whose last character differed only there
    /// opened as if it were the mailed one.
    @Test func onlyTheMailedSpellingOfALinkOpens() throws {
        let token = LinkToken(purpose: .click, id: 271_878_346_596, expiresAt: now.adding(seconds: 600))
        let text = token.encoded(secret: secret)
        #expect(LinkToken.decode(text, purpose: .click, secret: secret, now: now) != nil)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = try #require(alphabet.firstIndex(of: text.last!))
        for unusedBits in 1...3 {
            let respelled = String(text.dropLast()) + String(alphabet[last ^ unusedBits])
            #expect(LinkToken.decode(respelled, purpose: .click, secret: secret, now: now) == nil, "\(respelled)")
        }
    }

    /// The hand-written encoder against Foundation's base64 with the RFC 4648 §5 substitutions.
    @Test func base64URLMatchesFoundationForEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(LinkToken.base64URL(bytes) == expected, "length \(length)")
        }
    }
}

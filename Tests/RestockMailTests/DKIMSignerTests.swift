import Crypto
import Foundation
import RestockTestSupport
import Testing
import _CryptoExtras

@testable import RestockMail

/// Signatures checked by dkimpy, with the key records it would have fetched from DNS.
@Suite struct DKIMSignerTests {
    let rsaKey: _RSA.Signing.PrivateKey
    let ed25519Key = Curve25519.Signing.PrivateKey()
    let records: [String: String]

    init() async throws {
        rsaKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        records = [
            "rsa2026": "v=DKIM1; k=rsa; p=\(rsaKey.publicKey.derRepresentation.base64EncodedString())",
            "ed2026": "v=DKIM1; k=ed25519; p=\(ed25519Key.publicKey.rawRepresentation.base64EncodedString())",
        ]
    }

    private func signer(ed25519: Bool = true) throws -> DKIMSigner {
        try DKIMSigner(
            domain: "shop.example", selector: "rsa2026", rsaPrivateKeyPEM: rsaKey.pemRepresentation,
            ed25519: ed25519 ? DKIMSigner.Ed25519Key(selector: "ed2026", privateKey: ed25519Key) : nil)
    }

    private func signedSample() throws -> [UInt8] {
        try signer().sign(MessageComposer.compose(.sample(subject: "Zażółć gęślą 🎉")))
    }

    private func replacing(_ old: String, with new: String, in message: [UInt8]) -> [UInt8] {
        let text = String(decoding: message, as: UTF8.self)
        #expect(text.contains(old))
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test func rsaSignatureVerifies() async throws {
        let signed = try signer(ed25519: false).sign(MessageComposer.compose(.sample()))
        let verification = try await PythonMailCheck.verifyDKIM(signed, records: records)
        #expect(verification.results == [true], "\(verification.log)")
    }

    @Test func rsaAndEd25519SignaturesBothVerify() async throws {
        let verification = try await PythonMailCheck.verifyDKIM(signedSample(), records: records)
        #expect(verification.results == [true, true], "\(verification.log)")
    }

    @Test func signedMessageStillParsesCleanly() async throws {
        let parsed = try await PythonMailCheck.parse(signedSample())
        #expect(parsed.defects == [])
        #expect(parsed.allLinesEndInCRLF)
        #expect(parsed.longestHeaderLine <= 78)
        #expect(parsed.subject == "Zażółć gęślą 🎉")
    }

    @Test func signatureTagsCoverOneClickUnsubscribe() async throws {
        let signed = try signer(ed25519: false).sign(
            MessageComposer.compose(.sample()), at: Date(timeIntervalSince1970: 1_796_133_780))
        let parsed = try await PythonMailCheck.parse(signed)
        let signature = try #require(parsed.headers["DKIM-Signature"])
        let tags = Dictionary(
            signature.split(separator: ";").map { tag in
                let pair = tag.split(separator: "=", maxSplits: 1).map { $0.filter { !$0.isWhitespace } }
                return (pair[0], pair.count > 1 ? pair[1] : "")
            }, uniquingKeysWith: { first, _ in first })
        #expect(tags["a"] == "rsa-sha256")
        #expect(tags["c"] == "relaxed/relaxed")
        #expect(tags["d"] == "shop.example")
        #expect(tags["s"] == "rsa2026")
        #expect(tags["t"] == "1796133780")
        #expect(
            tags["h"]?.split(separator: ":")
                == [
                    "from", "to", "subject", "date", "message-id", "reply-to", "list-unsubscribe",
                    "list-unsubscribe-post", "mime-version", "content-type",
                ])
    }

    @Test func changedSubjectFailsVerification() async throws {
        let altered = replacing("Subject: =?utf-8?B?", with: "Subject: =?utf-8?B?IA", in: try signedSample())
        let verification = try await PythonMailCheck.verifyDKIM(altered, records: records)
        #expect(verification.results == [false, false])
    }

    @Test func changedBodyFailsVerification() async throws {
        let altered = replacing("linen shirt", with: "linen shirts", in: try signedSample())
        #expect(try await PythonMailCheck.verifyDKIM(altered, records: records).results == [false, false])
    }

    @Test func removedUnsubscribePostFailsVerification() async throws {
        let altered = replacing(
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", with: "", in: try signedSample())
        #expect(try await PythonMailCheck.verifyDKIM(altered, records: records).results == [false, false])
    }

    @Test func refoldedHeadersStillVerify() async throws {
        let refolded = replacing("MIME-Version: 1.0", with: "mime-version:   1.0  ", in: try signedSample())
        let verification = try await PythonMailCheck.verifyDKIM(refolded, records: records)
        #expect(verification.results == [true, true], "\(verification.log)")
    }

    @Test func keysUnder2048BitsAreRefused() async throws {
        let weak = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        let weakKeyError = #expect(throws: MailError.self) {
            try DKIMSigner(domain: "shop.example", selector: "s", rsaPrivateKey: weak)
        }
        #expect(weakKeyError?.code == .invalidKey)
        let garbageKeyError = #expect(throws: MailError.self) {
            try DKIMSigner(domain: "shop.example", selector: "s", rsaPrivateKeyPEM: "not a key")
        }
        #expect(garbageKeyError?.code == .invalidKey)
    }

    @Test func malformedDomainOrSelectorIsRefused() {
        for (domain, selector) in [("shop.example; x=y", "s"), ("shop.example", "a b"), ("", "s")] {
            #expect(throws: MailError.self) {
                try DKIMSigner(domain: domain, selector: selector, rsaPrivateKey: rsaKey)
            }
        }
    }

    /// The example of RFC 6376 §3.4.5, byte for byte.
    @Test func relaxedCanonicalizationMatchesRFC6376Example() async throws {
        let message = Array("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n".utf8)
        let (fields, body) = try DKIMCanonicalization.split(message)
        let headers = fields.flatMap { DKIMCanonicalization.relaxedHeader($0.raw) }
        #expect(String(decoding: headers, as: UTF8.self) == "a:X\r\nb:Y Z\r\n")
        #expect(String(decoding: DKIMCanonicalization.relaxedBody(body), as: UTF8.self) == " C\r\nD E\r\n")
    }

    @Test func emptyBodiesCanonicalizeToNothing() {
        #expect(DKIMCanonicalization.relaxedBody([]) == [])
        #expect(DKIMCanonicalization.relaxedBody(ArraySlice("\r\n\r\n".utf8)) == [])
        #expect(DKIMCanonicalization.relaxedBody(ArraySlice("x".utf8)) == Array("x\r\n".utf8))
    }

    @Test func messageWithoutHeaderSeparatorIsRefused() async throws {
        let error = #expect(throws: MailError.self) { try signer().sign(Array("Subject: x\r\n".utf8)) }
        #expect(error?.code == .invalidMessage)
    }
}

import Crypto
import Foundation
import RestockHTTP
import Testing

/// The signature checks of every webhook route, fed what an attacker would send: nothing traps,
/// oversized or over-numerous inputs are refused before any HMAC, and real senders still pass.
@Suite struct WebhookVerifierTests {
    static let secret = "whsec_" + Data("verifier-test-secret-0123456789".utf8).base64EncodedString()
    static let previous = "whsec_" + Data("verifier-old-secret-0123456789".utf8).base64EncodedString()
    let verifier = StandardWebhookVerifier(secrets: [Self.secret, Self.previous], toleranceSeconds: 300)
    let now: Int64 = 1_780_000_000
    let body = Data(#"{"events":[{"variant_id":"v1","available":4}]}"#.utf8)

    func sign(_ secret: String = Self.secret, id: String = "msg_1", timestamp: Int64? = nil) -> String {
        StandardWebhookVerifier.sign(secret: secret, id: id, timestamp: timestamp ?? now, body: body)
    }

    func failure(id: String? = "msg_1", timestamp: String?, signature: String?) -> StandardWebhookVerifier.Failure? {
        do {
            try verifier.verify(id: id, timestamp: timestamp, signature: signature, body: body, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "-1", "+1780000000",
        " 1780000000", "1780000000 ", "1e9", "", "0x6A1B2C3D", "１７８００００００００",
        // Past the twelve digits read, even when zeros pad a time within tolerance (the
        // standard-webhook fuzz target's finding, in its oracle: the verifier was right).
        "0000001780000000",
    ])
    func extremeOrMalformedTimestampsAreRefusedWithoutTrapping(timestamp: String) {
        let outcome = failure(timestamp: timestamp, signature: sign())
        #expect(outcome == .missingHeader("webhook-timestamp") || outcome == .timestampOutOfRange)
    }

    @Test func aTimestampFarFromNowIsOutOfRangeEvenWithAGoodSignature() {
        #expect(failure(timestamp: "0", signature: sign(timestamp: 0)) == .timestampOutOfRange)
        #expect(failure(timestamp: "999999999999", signature: sign(timestamp: 999_999_999_999)) == .timestampOutOfRange)
        #expect(failure(timestamp: String(now - 299), signature: sign(timestamp: now - 299)) == nil)
    }

    @Test func theCurrentAndThePreviousSecretBothVerify() {
        #expect(failure(timestamp: String(now), signature: sign(Self.secret)) == nil)
        #expect(failure(timestamp: String(now), signature: sign(Self.previous)) == nil)
        let stranger = "whsec_" + Data("somebody else entirely".utf8).base64EncodedString()
        #expect(failure(timestamp: String(now), signature: sign(stranger)) == .badSignature)
    }

    @Test func aCorrectSignatureAmongTheAllowedNumberIsAccepted() {
        let decoys = (0..<7).map { _ in
            "v1," + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        }
        #expect(failure(timestamp: String(now), signature: (decoys + [sign()]).joined(separator: " ")) == nil)
    }

    @Test func nineCandidatesAreRefusedEvenWhenOneIsCorrect() {
        let decoys = (0..<8).map { _ in "v1," + Data(repeating: 7, count: 32).base64EncodedString() }
        #expect(
            failure(timestamp: String(now), signature: (decoys + [sign()]).joined(separator: " "))
                == .missingHeader("webhook-signature"))
    }

    @Test func oversizedOrMalformedHeadersAreRefused() {
        let good = sign()
        #expect(
            failure(timestamp: String(now), signature: good + String(repeating: " ", count: 2000))
                == .missingHeader("webhook-signature"))
        #expect(
            failure(id: String(repeating: "a", count: 257), timestamp: String(now), signature: good)
                == .missingHeader("webhook-id"))
        #expect(failure(id: "msg 1", timestamp: String(now), signature: good) == .missingHeader("webhook-id"))
        #expect(failure(id: "msg_1\r\nX: y", timestamp: String(now), signature: good) == .missingHeader("webhook-id"))
        #expect(failure(id: "", timestamp: String(now), signature: good) == .missingHeader("webhook-id"))
        #expect(failure(timestamp: String(now), signature: "") == .missingHeader("webhook-signature"))
        #expect(failure(timestamp: String(now), signature: "v1,not-base64!") == .badSignature)
        #expect(failure(timestamp: String(now), signature: "v2," + good.dropFirst(3)) == .badSignature)
    }

    @Test func theVerifiedTimestampIsReturned() throws {
        #expect(
            try verifier.verify(id: "msg_1", timestamp: String(now), signature: sign(), body: body, now: now) == now)
    }

    @Test func platformSignaturesAreCheckedOncePerSecretAndBoundedInLength() {
        let platform = BodyHMACVerifier(secrets: ["shpss_current", "shpss_previous"])
        #expect(platform.isValid(signature: BodyHMACVerifier.sign(secret: "shpss_current", body: body), body: body))
        #expect(platform.isValid(signature: BodyHMACVerifier.sign(secret: "shpss_previous", body: body), body: body))
        #expect(!platform.isValid(signature: BodyHMACVerifier.sign(secret: "shpss_other", body: body), body: body))
        let good = BodyHMACVerifier.sign(secret: "shpss_current", body: body)
        #expect(!platform.isValid(signature: good + String(repeating: " ", count: 100), body: body))
        #expect(!platform.isValid(signature: String(repeating: "A", count: 100_000), body: body))
        #expect(!platform.isValid(signature: "", body: body))
        #expect(!platform.isValid(signature: nil, body: body))
    }
}

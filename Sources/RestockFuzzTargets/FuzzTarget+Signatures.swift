import Crypto
import Foundation
import RestockHTTP

/// The signature verifiers, with headers and bodies as a request would bring them.
extension FuzzTarget {
    static let webhookKey = Data("restock-fuzz-standard-webhook-key".utf8)
    static let webhookVerifier = StandardWebhookVerifier(
        secrets: ["whsec_" + webhookKey.base64EncodedString(), "restock-fuzz-previous-secret"],
        toleranceSeconds: webhookTolerance)
    static let webhookTolerance = 300
    /// The verifier's clock: a fixed second, so a replayed input takes the same path.
    static let webhookNow: Int64 = 1_795_700_000

    /// Input: `webhook-id`, `webhook-timestamp`, `webhook-signature`, body.
    ///
    /// The received signature may do anything but trap. A signature made with another key is
    /// refused, and adds nothing beside the received candidates (but the header's caps). One made with the secret over exactly these
    /// header texts is accepted when the headers are plain, the timestamp has at most
    /// ``StandardWebhookVerifier/maxTimestampDigits`` digits and the time is within tolerance, and
    /// the accepted timestamp converts to microseconds without overflow, as the routes do next.
    static func standardWebhook(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.fields(4)
        let (id, timestamp, signature) = (
            FuzzInput.text(fields[0]), FuzzInput.text(fields[1]), FuzzInput.text(fields[2])
        )
        let body = Data(fields[3])
        func verifies(_ signature: String) -> Bool {
            do {
                try webhookVerifier.verify(
                    id: id, timestamp: timestamp, signature: signature, body: body, now: webhookNow)
                return true
            } catch {
                return false
            }
        }
        let received = verifies(signature)

        func candidate(_ key: SymmetricKey) -> String {
            var signed = Data("\(id).\(timestamp).".utf8)
            signed.append(body)
            return "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: key)).base64EncodedString()
        }
        let forged = candidate(SymmetricKey(data: Data("restock-fuzz-another-key".utf8)))
        try expect(!verifies(forged), "a signature made with another key was accepted")
        // Beside the received ones it changes nothing, unless it takes the header past its caps,
        // where the whole header is refused (a sender never lists that many).
        let beside = forged + " " + signature
        let fits =
            beside.utf8.count <= StandardWebhookVerifier.maxSignatureHeaderBytes
            && beside.split(separator: " ").count <= StandardWebhookVerifier.maxCandidates
        try expect(
            verifies(beside) == (received && fits),
            "another key's signature beside the received ones changed the verdict")

        let genuine = candidate(SymmetricKey(data: webhookKey))
        let plainID =
            !id.isEmpty && id.utf8.count <= StandardWebhookVerifier.maxIDBytes
            && id.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        let digits = !timestamp.isEmpty && timestamp.utf8.allSatisfy { (0x30...0x39).contains($0) }
        guard plainID, digits else { return }
        // Longer timestamps are refused whatever they say (leading zeros included): no sender
        // writes one, and the bound is what keeps the arithmetic checked.
        guard timestamp.utf8.count <= StandardWebhookVerifier.maxTimestampDigits, let seconds = Int64(timestamp) else {
            try expect(!verifies(genuine), "a timestamp longer than the verifier reads was accepted")
            return
        }
        let inTolerance = (webhookNow - seconds).magnitude <= webhookTolerance
        try expect(
            verifies(genuine) == inTolerance,
            inTolerance ? "a genuine signature within tolerance was refused" : "a stale timestamp was accepted")
        try expect(
            !inTolerance || !seconds.multipliedReportingOverflow(by: 1_000_000).overflow,
            "an accepted timestamp overflows in microseconds")
    }

    static let bodySecrets = ["restock-fuzz-shopify-secret", "restock-fuzz-previous-secret"]
    static let bodyVerifier = BodyHMACVerifier(secrets: bodySecrets)

    /// Input: the signature header, body.
    ///
    /// The received signature may do anything but trap; another key's signature is refused; each
    /// configured secret's signature is accepted, also with the spaces a proxy may leave around
    /// a header value.
    static func bodyHMAC(_ input: FuzzInput) throws(FuzzFailure) {
        let fields = input.fields(2)
        let body = Data(fields[1])
        _ = bodyVerifier.isValid(signature: FuzzInput.text(fields[0]), body: body)
        try expect(!bodyVerifier.isValid(signature: nil, body: body), "a missing signature was accepted")
        let forged = BodyHMACVerifier.sign(secret: "restock-fuzz-another-key", body: body)
        try expect(
            !bodyVerifier.isValid(signature: forged, body: body), "a signature made with another key was accepted")
        for secret in bodySecrets {
            let genuine = BodyHMACVerifier.sign(secret: secret, body: body)
            try expect(bodyVerifier.isValid(signature: genuine, body: body), "a genuine signature was refused")
            try expect(
                bodyVerifier.isValid(signature: " \(genuine) ", body: body),
                "a genuine signature with surrounding spaces was refused")
        }
    }
}

import Crypto
import Foundation

/// Checks a Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature`:
/// `v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>`, several space-separated) over the
/// raw body bytes, before anything parses them (INTEGRATIONS.md).
public struct StandardWebhookVerifier: Sendable {
    /// Why a delivery was refused; each maps to 401 except `.missingHeader` which names the header.
    public enum Failure: Error, Equatable {
        case missingHeader(String)
        case timestampOutOfRange
        case badSignature
    }

    let keys: [SymmetricKey]
    let tolerance: Int64

    /// - Parameter secrets: the current and the previous secret. `whsec_`-prefixed secrets are
    ///   base64 after the prefix, as the Standard Webhooks libraries produce them; others are used
    ///   as their UTF-8 bytes.
    public init(secrets: [String], toleranceSeconds: Int) {
        self.keys = secrets.filter { !$0.isEmpty }.map(Self.key(for:))
        self.tolerance = Int64(toleranceSeconds)
    }

    /// False with no secrets: an endpoint that has none accepts nothing.
    public var isConfigured: Bool { !keys.isEmpty }

    static func key(for secret: String) -> SymmetricKey {
        if secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))) {
            return SymmetricKey(data: bytes)
        }
        return SymmetricKey(data: Data(secret.utf8))
    }

    /// Returns normally only when one signature verifies with one key and the timestamp is within
    /// tolerance of `now` (seconds since 1970).
    public func verify(id: String?, timestamp: String?, signature: String?, body: some DataProtocol, now: Int64)
        throws(Failure)
    {
        guard let id, !id.isEmpty else { throw .missingHeader("webhook-id") }
        guard let timestamp, let seconds = Int64(timestamp) else { throw .missingHeader("webhook-timestamp") }
        guard let signature, !signature.isEmpty else { throw .missingHeader("webhook-signature") }
        guard abs(now - seconds) <= tolerance else { throw .timestampOutOfRange }
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        let candidates = signature.split(separator: " ").compactMap { part -> Data? in
            let pieces = part.split(separator: ",", maxSplits: 1)
            guard pieces.count == 2, pieces[0] == "v1" else { return nil }
            return Data(base64Encoded: String(pieces[1]))
        }
        for key in keys {
            for candidate in candidates
            where HMAC<SHA256>.isValidAuthenticationCode(candidate, authenticating: signed, using: key) {
                // isValidAuthenticationCode compares in constant time.
                return
            }
        }
        throw .badSignature
    }

    /// Signs like a sender would; the README example and the tests use it.
    public static func sign(secret: String, id: String, timestamp: Int64, body: some DataProtocol) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: key(for: secret))
        return "v1," + Data(mac).base64EncodedString()
    }
}

import Crypto
import Foundation

/// Checks the signature Shopify (`X-Shopify-Hmac-Sha256`) and WooCommerce
/// (`X-WC-Webhook-Signature`) send: base64 of HMAC-SHA256 over the raw body bytes, keyed with
/// the secret's UTF-8 bytes. Any of several secrets may match, so a shop can rotate one while
/// deliveries signed with the other are still in flight.
///
/// A header longer than one signature is refused before any hashing, and the body is hashed
/// once per key: a refusal costs at most one HMAC per configured secret over a body the caller
/// has already capped.
public struct BodyHMACVerifier: Sendable {
    /// 44 bytes of base64 for 32 bytes of MAC, with room for surrounding spaces.
    public static let maxSignatureBytes = 64

    let keys: [SymmetricKey]

    public init(secrets: [String]) {
        self.keys = secrets.filter { !$0.isEmpty }.map { SymmetricKey(data: Data($0.utf8)) }
    }

    /// False with no secrets configured: an integration that has none accepts nothing.
    public var isConfigured: Bool { !keys.isEmpty }

    public func isValid(signature: String?, body: some DataProtocol) -> Bool {
        guard let signature, signature.utf8.count <= Self.maxSignatureBytes,
            let mac = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)), mac.count == 32
        else {
            return false
        }
        // swift-crypto's check compares in constant time.
        return keys.contains { key in HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key) }
    }

    /// Signs like the platform does; the tests and the README examples use it.
    public static func sign(secret: String, body: some DataProtocol) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))))
            .base64EncodedString()
    }
}

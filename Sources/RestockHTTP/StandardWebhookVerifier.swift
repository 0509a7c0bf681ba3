import Crypto
import Foundation

/// Checks a Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature`:
/// `v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>`, several space-separated) over the
/// raw body bytes, before anything parses them (README.md, "Generic webhooks").
///
/// Anyone on the internet can send these headers, so every check is bounded before it costs
/// anything: header lengths and the number of candidate signatures are capped, the timestamp is
/// read from at most ``maxTimestampDigits`` digits with checked arithmetic, and the body is
/// hashed once per key however many candidates the header lists. A refusal costs at most two
/// HMACs over a body the caller has already capped.
public struct StandardWebhookVerifier: Sendable {
    /// Why a delivery was refused; each maps to 401 except `.missingHeader` which names the header.
    public enum Failure: Error, Equatable {
        /// Absent, empty, too long or not in the expected form.
        case missingHeader(String)
        case timestampOutOfRange
        case badSignature
    }

    /// Standard Webhooks ids are short (`msg_` and a ksuid); 256 leaves room for any sender.
    public static let maxIDBytes = 256
    /// Twelve digits reach the year 33658: any real timestamp fits, and the value can never
    /// overflow the arithmetic below.
    public static let maxTimestampDigits = 12
    /// Senders list one signature per secret in rotation; more than this is not a sender.
    public static let maxCandidates = 8
    /// Room for ``maxCandidates`` signatures of any version (`v1a,` Ed25519 ones are 92 bytes).
    public static let maxSignatureHeaderBytes = 1024

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

    /// Returns the timestamp (seconds since 1970) only when one signature verifies with one key
    /// and the timestamp is within tolerance of `now` (seconds since 1970).
    @discardableResult
    public func verify(id: String?, timestamp: String?, signature: String?, body: some DataProtocol, now: Int64)
        throws(Failure) -> Int64
    {
        guard let id, Self.isValidID(id) else { throw .missingHeader("webhook-id") }
        guard let timestamp, let seconds = Self.seconds(timestamp) else { throw .missingHeader("webhook-timestamp") }
        guard let signature, let candidates = Self.candidates(signature) else {
            throw .missingHeader("webhook-signature")
        }
        let (skew, overflow) = now.subtractingReportingOverflow(seconds)
        guard !overflow, skew.magnitude <= tolerance.magnitude else { throw .timestampOutOfRange }
        guard !candidates.isEmpty else { throw .badSignature }
        let prefix = Data("\(id).\(timestamp).".utf8)
        for key in keys {
            var hmac = HMAC<SHA256>(key: key)
            hmac.update(data: prefix)
            hmac.update(data: body)
            let expected = Array(hmac.finalize())
            // Each comparison takes the same time whatever the bytes, so the timing says
            // nothing about how close a forgery came.
            if candidates.contains(where: { constantTimeEqual($0, expected) }) { return seconds }
        }
        throw .badSignature
    }

    /// Printable ASCII without spaces, as every sender's ids are; anything else is refused
    /// before it reaches the signed content or a log line.
    static func isValidID(_ id: String) -> Bool {
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= maxIDBytes && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The seconds of a `webhook-timestamp`: ASCII digits only (no sign, no spaces), at most
    /// ``maxTimestampDigits`` of them, so the value is below 10^12 and every product and
    /// difference taken with it fits in 64 bits.
    static func seconds(_ text: String) -> Int64? {
        let bytes = text.utf8
        guard (1...maxTimestampDigits).contains(bytes.count) else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The decoded `v1` signatures of the header, or `nil` when the header is longer than
    /// ``maxSignatureHeaderBytes`` or lists more than ``maxCandidates`` entries (of any version).
    /// Entries of other versions, or not 32 bytes of base64, are skipped, as the specification
    /// asks; only `v1` entries are decoded.
    static func candidates(_ header: String) -> [[UInt8]]? {
        let bytes = header.utf8
        guard !bytes.isEmpty, bytes.count <= maxSignatureHeaderBytes else { return nil }
        let entries = header.split(separator: " ", omittingEmptySubsequences: true)
        guard entries.count <= maxCandidates else { return nil }
        return entries.compactMap { entry in
            guard entry.hasPrefix("v1,"), entry.utf8.count == 3 + 44 else { return nil }
            guard let mac = Data(base64Encoded: String(entry.dropFirst(3))), mac.count == 32 else { return nil }
            return Array(mac)
        }
    }

    /// Signs like a sender would; the README example and the tests use it.
    public static func sign(secret: String, id: String, timestamp: Int64, body: some DataProtocol) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: key(for: secret))
        return "v1," + Data(mac).base64EncodedString()
    }
}

/// Compares two MACs in time that depends only on their lengths (which are public).
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}

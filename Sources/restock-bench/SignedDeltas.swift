import Foundation
import RestockHTTP

/// Generic inventory deltas as a shop's engine sends them to `POST /v1/inventory`:
/// `{"variant_id":"vN","delta":1}`, signed the Standard Webhooks way, each with its own
/// `webhook-id` (a repeated id would be answered as a duplicate without a write).
///
/// All requests of a phase are prepared, signed and serialized before its clock starts, so the
/// client's HMAC work is not part of the figure.
struct SignedDeltas {
    var secret: String
    /// Deltas go round-robin over `v0`…`v<variants-1>`: concurrent requests rarely touch the same
    /// variant, as in a shop's real traffic.
    var variants: Int

    func requests(count: Int, idPrefix: String) -> [[UInt8]] {
        // One timestamp for the phase: well within the daemon's 300 s tolerance for any phase
        // that finishes within its time limit.
        let timestamp = Int64(Date().timeIntervalSince1970)
        return (0..<count).map { n in
            Self.request(
                body: Array("{\"variant_id\":\"v\(n % variants)\",\"delta\":1}".utf8), id: "\(idPrefix)-\(n)",
                secret: secret, timestamp: timestamp)
        }
    }

    /// One signed `POST /v1/inventory` with `body`, serialized for a ``KeepAliveConnection``.
    static func request(body: [UInt8], id: String, secret: String, timestamp: Int64) -> [UInt8] {
        let signature = StandardWebhookVerifier.sign(secret: secret, id: id, timestamp: timestamp, body: body)
        let head = """
            POST /v1/inventory HTTP/1.1\r
            Host: 127.0.0.1\r
            Content-Type: application/json\r
            Content-Length: \(body.count)\r
            webhook-id: \(id)\r
            webhook-timestamp: \(timestamp)\r
            webhook-signature: \(signature)\r
            \r

            """
        return Array(head.utf8) + body
    }
}

import Foundation
import RestockCore
import RestockHTTP
import RestockTestSupport
import Testing

/// What the mail tests of real daemons share: watchers written straight into the store, the
/// signed delivery that restocks them, and waiting on a condition with the daemon's log at hand.
extension DaemonProcessTests {
    /// `count` watchers of `variant`, `email(n)` each, written straight into the store
    /// (subscribing thousands over HTTP would only make a test slower).
    static func populate(
        _ store: any RestockStore, variant: String, count: Int, email: @escaping @Sendable (Int) -> String
    ) async throws {
        let now = Timestamp.now
        try await store.transaction { tx in
            try tx.upsertCatalog(
                CatalogEntry(variantID: variant, productTitle: "Merino socks", url: "https://shop.example/p/socks"),
                at: now)
            for n in 0..<count {
                let customer = try tx.upsertCustomer(email: email(n), name: nil, locale: nil, at: now)
                _ = try tx.insertWatch(
                    NewWatch(
                        customerID: customer.id, variantID: variant, state: .watching,
                        consent: Consent(source: "import", at: now), createdAt: now))
            }
        }
    }

    /// A signed generic delivery bringing `variant` back with `available` units; expects 200.
    static func restock(_ daemon: DaemonProcess, variant: String, available: Int, id: String) async throws {
        let body = Data(#"{"variant_id":"\#(variant)","available":\#(available)}"#.utf8)
        let seconds = Int64(Date().timeIntervalSince1970)
        let (status, _) = try await HTTP.request(
            "POST", daemon.baseURL + "/v1/inventory",
            headers: [
                "webhook-id": id, "webhook-timestamp": String(seconds), "content-type": "application/json",
                "webhook-signature": StandardWebhookVerifier.sign(
                    secret: secret, id: id, timestamp: seconds, body: body),
            ], body: body)
        #expect(status == 200)
    }

    /// Polls `condition` every 100 ms; past `timeout`, records an issue with the end of `log`.
    static func waitFor(
        _ what: String, timeout: Double, log: () -> String, _ condition: () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try await !condition() {
            guard Date() < deadline else {
                Issue.record("timed out waiting for \(what):\n\(log().suffix(3000))")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockHTTP
import Testing

@testable import restockd

/// What callers see while the store cannot be reached: a 503 that tells them to come back, never
/// a 500 that looks like their fault, and the health routes telling an operator why.
@Suite struct StoreUnavailableHTTPTests {
    @Test func requestsNeedingTheStoreGet503WithRetryAfterAndReadinessFails() async throws {
        let daemon = try await TestDaemon()
        daemon.daemon.readiness.markReady()
        try await daemon.store.close()
        try await daemon.test { client in
            let subscribe = try await client.subscribe("ada@example.com")
            #expect(subscribe.status == .serviceUnavailable)
            #expect(subscribe.headers[.retryAfter] == "5")
            #expect(String(buffer: subscribe.body).contains("retry later"))

            let body = #"{"variant_id":"v1","available":3}"#
            let delivery = try await client.post("/v1/inventory", body, headers: daemon.signed(body))
            #expect(delivery.status == .serviceUnavailable && delivery.headers[.retryAfter] == "5")

            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    /// Through the storefront's CORS middleware too, and its script can read the answer.
    @Test func aStorefrontCallDuringAnOutageGets503() async throws {
        let origin = "https://shop.example"
        let daemon = try await TestDaemon(["restock.watches.allowedOrigins": origin])
        try await daemon.store.close()
        try await daemon.test { client in
            let answer = try await client.post(
                "/v1/watches", #"{"email":"ada@example.com","variant_id":"v1"}"#,
                headers: [.origin: origin, .contentType: "application/json"])
            #expect(answer.status == .serviceUnavailable && answer.headers[.retryAfter] == "5")
            #expect(answer.headers[.accessControlAllowOrigin] == origin)
        }
    }
}

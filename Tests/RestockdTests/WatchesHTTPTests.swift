import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockHTTP
import Testing

@testable import restockd

/// `POST /v1/watches` as a shop backend and a storefront use it.
@Suite struct WatchesHTTPTests {
    static let origin = "https://shop.example"

    func browser(_ email: String) -> (String, HTTPFields) {
        (
            #"{"email":"\#(email)","variant_id":"v1","locale":"pl","name":"Zoë"}"#,
            [.origin: Self.origin, .contentType: "application/json"]
        )
    }

    @Test func theAnswerIsTheSameForANewAndAnExistingSubscriber() async throws {
        let daemon = try await TestDaemon(["restock.watches.allowedOrigins": Self.origin])
        try await daemon.test { client in
            let (body, headers) = browser("zoe@example.com")
            let first = try await client.post("/v1/watches", body, headers: headers)
            let second = try await client.post(
                "/v1/watches", body.replacingOccurrences(of: "zoe@", with: "ZOE@"), headers: headers)
            #expect(first.status == .accepted && second.status == .accepted)
            #expect(String(buffer: first.body) == String(buffer: second.body))
            #expect(!String(buffer: first.body).contains("watch_id"))
            #expect(first.headers[.accessControlAllowOrigin] == Self.origin)
        }
        let counts = try await daemon.store.transaction { try $0.counts() }
        #expect(counts.liveWatches == 1)
    }

    @Test func callersWithoutTokenOrAllowedOriginAreRefused() async throws {
        let daemon = try await TestDaemon(["restock.watches.allowedOrigins": Self.origin])
        try await daemon.test { client in
            let (body, _) = browser("zoe@example.com")
            let none = try await client.post("/v1/watches", body, headers: [.contentType: "application/json"])
            #expect(none.status == .unauthorized)
            let foreign = try await client.post("/v1/watches", body, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .unauthorized)
            let wrongToken = try await client.post(
                "/v1/watches", body, headers: [.authorization: "Bearer nope-nope-nope-nope"])
            #expect(wrongToken.status == .unauthorized)
            let preflight = try await client.execute(
                uri: "/v1/watches", method: .options, headers: [.origin: Self.origin])
            #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowMethods] == "POST")
        }
        #expect(try await daemon.store.transaction { try $0.counts() }.liveWatches == 0)
    }

    /// A browser on an allowed origin may call and read every answer; any other origin gets
    /// nothing a browser would honour.
    @Test func corsAnswersOnlyTheAllowedOrigins() async throws {
        let daemon = try await TestDaemon(["restock.watches.allowedOrigins": "https://other.example,\(Self.origin)"])
        try await daemon.test { client in
            let preflight = try await client.execute(
                uri: "/v1/watches", method: .options,
                headers: [.origin: Self.origin, .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.origin)
            #expect(preflight.headers[.accessControlAllowMethods] == "POST")
            // Hummingbird writes header names lower-case; browsers compare them case-insensitively.
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased() == "content-type")
            #expect(preflight.headers[.accessControlMaxAge] == "600")
            #expect(preflight.headers[.vary] == "Origin")
            let refused = try await client.execute(
                uri: "/v1/watches", method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"])
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            let (body, headers) = browser("zoe@example.com")
            let foreign = try await client.post(
                "/v1/watches", body, headers: [.origin: "https://evil.example", .contentType: "application/json"])
            #expect(foreign.status == .unauthorized && foreign.headers[.accessControlAllowOrigin] == nil)
            // The storefront's script can read why its request was refused.
            let bad = try await client.post("/v1/watches", "{}", headers: headers)
            #expect(bad.status == .badRequest && bad.headers[.accessControlAllowOrigin] == Self.origin)
        }
    }

    @Test func theStorefrontIsRateLimitedPerEmail() async throws {
        let daemon = try await TestDaemon([
            "restock.watches.allowedOrigins": Self.origin, "restock.watches.ratePerEmail": "2",
        ])
        try await daemon.test { client in
            let (body, headers) = browser("zoe@example.com")
            #expect(try await client.post("/v1/watches", body, headers: headers).status == .accepted)
            #expect(try await client.post("/v1/watches", body, headers: headers).status == .accepted)
            let limited = try await client.post("/v1/watches", body, headers: headers)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            // The shop backend is not limited.
            #expect(try await client.subscribe("zoe@example.com").status == .accepted)
        }
    }

    @Test func badFieldsAreNamed() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let auth: HTTPFields = [.authorization: "Bearer \(TestDaemon.token)"]
            let cases = [
                (#"{"email":"not-an-address","variant_id":"v1"}"#, "email"),
                (#"{"email":"a@example.com"}"#, "variant_id"),
                (#"{"email":"a@example.com","variant_id":"v1","quantity":0}"#, "quantity"),
                (#"{"email":"a@example.com","variant_id":"v1","price":"9.99"}"#, "currency"),
            ]
            for (body, field) in cases {
                let response = try await client.post("/v1/watches", body, headers: auth)
                #expect(response.status == .badRequest, "\(body)")
                #expect(String(buffer: response.body).contains(field), "\(body)")
            }
        }
    }

    @Test func theBackendLearnsTheWatchAndCatalogFieldsAreKept() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let body =
                #"{"email":"a@example.com","variant_id":"v1","product_title":"Wool socks","price":"19.99","currency":"PLN","url":"https://shop.example/p/socks"}"#
            let response = try await client.post(
                "/v1/watches", body, headers: [.authorization: "Bearer \(TestDaemon.token)"])
            #expect(String(buffer: response.body).contains(#""state":"watching""#))
        }
        let catalog = try await daemon.store.transaction { try $0.catalog(variant: "v1") }
        #expect(catalog?.productTitle == "Wool socks" && catalog?.priceMinor == 1999 && catalog?.currency == "PLN")
    }
}

/// `/healthz`, `/readyz`, `/metrics`.
@Suite struct HealthHTTPTests {
    @Test func readyOnlyAfterStartAndMetricsCountStockEvents() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            daemon.daemon.readiness.markReady()
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let body = #"{"variant_id":"v1","available":1}"#
            #expect(try await client.post("/v1/inventory", body, headers: daemon.signed(body)).status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(String(buffer: metrics.body).contains("restock_stock_events_total"))
        }
    }
}

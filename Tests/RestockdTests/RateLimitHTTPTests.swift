import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockHTTP
import Testing

@testable import restockd

/// The per-client limits of the public routes through the real router (every router-test
/// request comes from one client).
@Suite struct RateLimitHTTPTests {
    @Test func trackedClicksOverTheLimitGet429WhileThePixelStillAnswersItsImage() async throws {
        let daemon = try await TestDaemon(["restock.http.rateLimit.trackingPerMinute": "3"])
        try await daemon.test { client async throws in
            for _ in 0..<3 {
                #expect(try await client.execute(uri: "/t/c/not-a-token", method: .get).status == .notFound)
            }
            let limited = try await client.execute(uri: "/t/c/not-a-token", method: .get)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter].flatMap { Int($0) }.map { (1...60).contains($0) } == true)
            let pixel = try await client.execute(uri: "/t/o/not-a-token", method: .get)
            #expect(pixel.status == .ok)
            #expect(pixel.headers[.contentType] == "image/gif")
        }
    }

    @Test func linkPagesOverTheLimitGet429() async throws {
        let daemon = try await TestDaemon(["restock.http.rateLimit.linksPerMinute": "2"])
        try await daemon.test { client async throws in
            #expect(try await client.execute(uri: "/u/x", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/r/x", method: .post).status == .notFound)
            #expect(try await client.execute(uri: "/c/x", method: .get).status == .tooManyRequests)
        }
    }

    @Test func signedRoutesCountOnlyRefusals() async throws {
        let daemon = try await TestDaemon(["restock.http.rateLimit.refusedPerMinute": "2"])
        try await daemon.test { client async throws in
            let body = #"{"events":[{"variant_id":"v1","available":4}]}"#
            for _ in 0..<10 {
                #expect(try await client.post("/v1/inventory", body, headers: daemon.signed(body)).status == .ok)
            }
            var forged = daemon.signed(body)
            forged[HTTPField.Name("webhook-id")!] = "msg_other"
            #expect(try await client.post("/v1/inventory", body, headers: forged).status == .unauthorized)
            #expect(try await client.post("/webhooks/shopify", body, headers: forged).status == .unauthorized)
            // The guesser is throttled, on every signed or admin route, even with the right secret.
            #expect(
                try await client.post("/v1/inventory", body, headers: daemon.signed(body)).status == .tooManyRequests)
            let stats = try await client.execute(
                uri: "/v1/stats", method: .get, headers: [.authorization: "Bearer \(TestDaemon.token)"])
            #expect(stats.status == .tooManyRequests)
            daemon.clock.advance(seconds: 60)
            #expect(try await client.post("/v1/inventory", body, headers: daemon.signed(body)).status == .ok)
        }
    }

    @Test func adminTokenGuessesAreThrottled() async throws {
        let daemon = try await TestDaemon(["restock.http.rateLimit.refusedPerMinute": "3"])
        try await daemon.test { client async throws in
            for guess in 0..<3 {
                let response = try await client.execute(
                    uri: "/v1/outbox", method: .get, headers: [.authorization: "Bearer guess-\(guess)"])
                #expect(response.status == .unauthorized)
            }
            let throttled = try await client.execute(
                uri: "/report", method: .get, headers: [.authorization: "Bearer \(TestDaemon.token)"])
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
        }
    }
}

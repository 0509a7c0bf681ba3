import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockHTTP
import Testing

@testable import restockd

/// `POST /v1/inventory` and `/v1/orders` through the real router: what a shop's engine sees.
@Suite struct GenericWebhookHTTPTests {
    @Test func replayingOneSignedDeliveryTenTimesQueuesOneEmailPerWatch() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            for email in ["a@example.com", "b@example.com", "c@example.com"] {
                #expect(try await client.subscribe(email).status == .accepted)
            }
            let body = #"{"events":[{"variant_id":"v1","available":4}]}"#
            let headers = daemon.signed(body, id: "msg_replayed")
            var answers: [String] = []
            for _ in 0..<10 {
                let response = try await client.post("/v1/inventory", body, headers: headers)
                #expect(response.status == .ok)
                answers.append(String(buffer: response.body))
            }
            #expect(answers[0].contains(#""duplicate":false"#) && answers[0].contains(#""queued":3"#))
            #expect(answers[1...].allSatisfy { $0.contains(#""duplicate":true"#) })

            let outbox = try await client.execute(
                uri: "/v1/outbox?state=queued", method: .get, headers: [.authorization: "Bearer \(TestDaemon.token)"])
            #expect(String(buffer: outbox.body).components(separatedBy: #""kind":"back_in_stock""#).count == 4)
            #expect(try await client.execute(uri: "/v1/outbox", method: .get).status == .unauthorized)
        }
        let entries = try await daemon.store.transaction { try $0.outboxEntries(state: nil, limit: 100) }
        #expect(entries.count == 3)
        #expect(Set(entries.flatMap { $0.items.map(\.watchID) }).count == 3)
    }

    /// A level dated years ahead (a sender's clock, a typo) must not freeze the variant's
    /// stock: it is taken as of five minutes from now at the latest, so later levels apply.
    @Test func aLevelDatedInTheFutureDoesNotMakeLaterLevelsStale() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let future = #"{"variant_id":"v1","available":7,"occurred_at":"2099-01-01T00:00:00Z"}"#
            #expect(try await client.post("/v1/inventory", future, headers: daemon.signed(future)).status == .ok)
            daemon.clock.advance(seconds: 600)
            let now = #"{"variant_id":"v1","available":2}"#
            let answer = try await client.post("/v1/inventory", now, headers: daemon.signed(now))
            #expect(String(buffer: answer.body).contains(#""stale":0"#), "\(String(buffer: answer.body))")
        }
        let level = try await daemon.store.transaction { try $0.stockLevels(variant: "v1").first?.available }
        #expect(level == 2)
    }

    @Test func refusedDeliveriesChangeNothing() async throws {
        let daemon = try await TestDaemon(["restock.webhook.maxBodyBytes": "2048"])
        try await daemon.test { client in
            _ = try await client.subscribe("a@example.com")
            let before = try await daemon.snapshot()
            let good = #"{"events":[{"variant_id":"v1","available":4}]}"#

            var forged = daemon.signed(
                good, id: "msg_1", secret: "whsec_" + Data("someone else".utf8).base64EncodedString())
            #expect(try await client.post("/v1/inventory", good, headers: forged).status == .unauthorized)
            forged = daemon.signed(good, id: "msg_1")
            forged[HTTPField.Name("webhook-id")!] = "msg_other"
            #expect(try await client.post("/v1/inventory", good, headers: forged).status == .unauthorized)

            let huge =
                #"{"events":[{"variant_id":"v1","available":4,"product_title":""# + String(repeating: "x", count: 4096)
                + #""}]}"#
            #expect(
                try await client.post("/v1/inventory", huge, headers: daemon.signed(huge)).status == .contentTooLarge)

            let wrongType = #"{"events":[{"variant_id":"v1","available":"four"}]}"#
            let typeResponse = try await client.post("/v1/inventory", wrongType, headers: daemon.signed(wrongType))
            #expect(typeResponse.status == .badRequest)
            #expect(String(buffer: typeResponse.body).contains("events[0].available"))

            let neither = #"{"events":[{"variant_id":"v1"}]}"#
            let neitherResponse = try await client.post("/v1/inventory", neither, headers: daemon.signed(neither))
            #expect(neitherResponse.status == .badRequest)
            #expect(String(buffer: neitherResponse.body).contains("available"))

            let broken = #"{"events":[{"variant_id":"v1","#
            #expect(
                try await client.post("/v1/inventory", broken, headers: daemon.signed(broken)).status == .badRequest)

            daemon.clock.advance(seconds: 0)
            var late = daemon.signed(good, id: "msg_late")
            late[HTTPField.Name("webhook-timestamp")!] = String(daemon.clock.now.microseconds / 1_000_000 - 301)
            late[HTTPField.Name("webhook-signature")!] = StandardWebhookVerifier.sign(
                secret: TestDaemon.secret, id: "msg_late", timestamp: daemon.clock.now.microseconds / 1_000_000 - 301,
                body: Data(good.utf8))
            #expect(try await client.post("/v1/inventory", good, headers: late).status == .unauthorized)

            #expect(try await daemon.snapshot() == before)
            // None of the refusals recorded a receipt: the same id is still accepted once.
            let accepted = try await client.post("/v1/inventory", good, headers: daemon.signed(good, id: "msg_1"))
            #expect(String(buffer: accepted.body).contains(#""duplicate":false"#))
        }
    }

    @Test func theSecretBeingRotatedOutIsStillAccepted() async throws {
        let previous = "an-old-plain-secret"
        let daemon = try await TestDaemon(["restock.webhook.secretPrevious": previous])
        try await daemon.test { client in
            let body = #"{"variant_id":"v1","delta":2}"#
            let response = try await client.post("/v1/inventory", body, headers: daemon.signed(body, secret: previous))
            #expect(response.status == .ok)
        }
        let levels = try await daemon.store.transaction { try $0.stockLevels(variant: "v1") }
        #expect(levels.map(\.available) == [2])
    }

    @Test func aShopifySizedIdSentAsANumberSurvivesExactly() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let body = #"{"events":[{"variant_id":271878346596884015,"location_id":"wh-1","available":7}]}"#
            let response = try await client.post("/v1/inventory", body, headers: daemon.signed(body))
            #expect(response.status == .ok)
        }
        let levels = try await daemon.store.transaction { try $0.stockLevels(variant: "271878346596884015") }
        #expect(levels.map(\.locationID) == ["wh-1"])
        #expect(levels.map(\.available) == [7])
    }

    @Test func ordersAreStoredOnceWithExactMoney() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            let body =
                #"{"order_id":"1001","email":"Ada@Example.com","currency":"eur","total":"39.98","lines":[{"variant_id":"v1","quantity":2,"price":"19.99"}]}"#
            let headers = daemon.signed(body, id: "order-msg")
            #expect(try await client.post("/v1/orders", body, headers: headers).status == .ok)
            #expect(
                String(buffer: try await client.post("/v1/orders", body, headers: headers).body).contains(
                    #""duplicate":true"#))
            let bad = #"{"order_id":"1002","currency":"EUR","total":"12.345","lines":[]}"#
            let response = try await client.post("/v1/orders", bad, headers: daemon.signed(bad))
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("total"))
        }
        let counts = try await daemon.store.transaction { try $0.counts() }
        #expect(counts.orders == 1)
    }

    /// `webhook-id` and `webhook-timestamp` are signed with the body: a replay is a duplicate
    /// within the tolerance and refused after it, and a body posted to the other route is not
    /// read as the other kind.
    @Test func aReplayChangesNothingLateOrOnTheOtherRoute() async throws {
        let daemon = try await TestDaemon()
        try await daemon.test { client in
            _ = try await client.subscribe("a@example.com")
            let level = #"{"events":[{"variant_id":"v1","delta":2}]}"#
            let headers = daemon.signed(level, id: "msg_delta")
            #expect(try await client.post("/v1/inventory", level, headers: headers).status == .ok)
            daemon.clock.advance(seconds: 300)
            let within = try await client.post("/v1/inventory", level, headers: headers)
            #expect(String(buffer: within.body).contains(#""duplicate":true"#))
            #expect(try await client.post("/v1/orders", level, headers: headers).status == .badRequest)
            daemon.clock.advance(seconds: 1)
            #expect(try await client.post("/v1/inventory", level, headers: headers).status == .unauthorized)

            let order = #"{"order_id":"1001","currency":"EUR","total":"1.00","lines":[]}"#
            #expect(try await client.post("/v1/inventory", order, headers: daemon.signed(order)).status == .badRequest)
        }
        // A delta applied twice would read 4.
        let levels = try await daemon.store.transaction { try $0.stockLevels(variant: "v1") }
        #expect(levels.map(\.available) == [2])
        #expect(try await daemon.store.transaction { try $0.counts() }.orders == 0)
    }
}

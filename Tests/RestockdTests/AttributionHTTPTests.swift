import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// Orders through `POST /v1/orders` against emails that were really sent and links that were
/// really followed: which email each line is credited to, which watches convert, and what a
/// refund takes back.
@Suite struct AttributionHTTPTests {
    func mail(to email: String, in mails: [PythonMailCheck.ParsedMail]) throws -> PythonMailCheck.ParsedMail {
        try #require(mails.first { $0.to?.address == email }, "no email to \(email)")
    }

    /// Ada and Bob watch v1, which comes back: the tracked paths of each one's email.
    func adaAndBobAreMailed(_ shop: TrackedShop, _ client: some TestClientProtocol) async throws
        -> (ada: (pixel: String, click: String), bob: (pixel: String, click: String))
    {
        for email in ["ada@example.com", "bob@example.com"] {
            try await shop.subscribe(client, email, variant: "v1", url: "https://wool.example/p/socks")
        }
        let mails = try await shop.restockAndSend(["v1"])
        return (
            try TrackedShop.trackedPaths(try mail(to: "ada@example.com", in: mails)),
            try TrackedShop.trackedPaths(try mail(to: "bob@example.com", in: mails))
        )
    }

    func outboxID(_ shop: TrackedShop, of email: String) async throws -> Int64 {
        try await shop.store.transaction { tx in
            let customer = try #require(try tx.customer(email: email))
            return try #require(try tx.outboxEntries(state: nil, limit: 100).last { $0.customerID == customer.id }).id
        }
    }

    @Test func aPersonsClickThenAnOrderCreditsThatEmailConvertsTheWatchAndARefundTakesItBack() async throws {
        let shop = try await TrackedShop()
        try await shop.test { client in
            let (ada, _) = try await adaAndBobAreMailed(shop, client)
            shop.clock.advance(seconds: 3_600)
            #expect(try await TrackedShop.get(client, ada.click).status == .found)

            shop.clock.advance(seconds: 600)
            let answer = try await shop.order(
                client,
                #"{"order_id":"1001","email":"Ada@Example.com","currency":"EUR","total":"39.98","status":"paid","lines":[{"variant_id":"v1","quantity":2,"price":"19.99"},{"variant_id":"v9","quantity":1,"price":"5.00"}]}"#
            )
            #expect(answer["attributed"] as? Int == 1 && answer["converted"] as? Int == 1)
            let credits = try await shop.store.transaction { try $0.attributions(source: "generic", orderID: "1001") }
            let click = try #require(try await shop.events(.click).first)
            #expect(credits.count == 1)
            #expect(credits.first?.model == .click && credits.first?.lineNo == 1)
            #expect(credits.first?.amountMinor == 3_998 && credits.first?.currency == "EUR")
            #expect(credits.first?.outboxID == (try await outboxID(shop, of: "ada@example.com")))
            #expect(credits.first?.eventID == click.id)
            #expect(try await shop.watch("ada@example.com", "v1")?.state == .converted)
            #expect(try await shop.watch("bob@example.com", "v1")?.state == .notified)

            // Sold out again: only Bob, who did not buy, is told.
            let soldOut = try await shop.restockAndSend(["v1"], level: 0)
            #expect(soldOut.map { $0.to?.address } == ["bob@example.com"])

            let refund = #"{"order_id":"1001","currency":"EUR","total":"39.98","status":"refunded","lines":[]}"#
            _ = try await shop.order(client, refund)
            let reversed = try await shop.store.transaction { try $0.attributions(source: "generic", orderID: "1001") }
            #expect(reversed.count == 1 && reversed.first?.reversedAt != nil)
        }
    }

    @Test func aRefundOfSomeLinesTakesBackOnlyTheirCreditAndTheOrderStands() async throws {
        let shop = try await TrackedShop()
        try await shop.test { client in
            for variant in ["v1", "v2"] {
                try await shop.subscribe(
                    client, "ada@example.com", variant: variant, url: "https://wool.example/p/\(variant)")
            }
            let mails = try await shop.restockAndSend(["v1", "v2"])
            #expect(mails.count == 1)
            shop.clock.advance(seconds: 3_600)
            #expect(try await TrackedShop.get(client, try TrackedShop.trackedPaths(mails[0]).click).status == .found)
            shop.clock.advance(seconds: 600)
            let paid = try await shop.order(
                client,
                #"{"order_id":"1001","email":"ada@example.com","currency":"EUR","total":"24.99","status":"paid","lines":[{"variant_id":"v1","quantity":1,"price":"19.99"},{"variant_id":"v2","quantity":1,"price":"5.00"}]}"#
            )
            #expect(paid["attributed"] as? Int == 2)

            // As a Shopify refunds/create reads: the refunded line only.
            let partial =
                #"{"order_id":"1001","currency":"EUR","total":"5.00","status":"refunded","lines":[{"variant_id":"v2","quantity":1,"price":"5.00"}]}"#
            _ = try await shop.order(client, partial)
            let afterPartial = try await shop.store.transaction { tx in
                (
                    try tx.attributions(source: "generic", orderID: "1001"),
                    try tx.order(source: "generic", orderID: "1001")
                )
            }
            #expect(afterPartial.0.map { $0.reversedAt != nil } == [false, true])
            #expect(afterPartial.1?.status == "paid")
            let stats = try await shop.daemon.daemon.engine.stats(fromDay: 0, toDay: 100_000, groupBy: .kind)
            #expect(stats.total.revenueMinor["click"]?["EUR"] == 1_999)

            let full = #"{"order_id":"1001","currency":"EUR","total":"24.99","status":"refunded","lines":[]}"#
            _ = try await shop.order(client, full)
            let afterFull = try await shop.store.transaction { tx in
                (
                    try tx.attributions(source: "generic", orderID: "1001"),
                    try tx.order(source: "generic", orderID: "1001")
                )
            }
            #expect(afterFull.0.allSatisfy { $0.reversedAt != nil })
            #expect(afterFull.1?.status == "refunded")
        }
    }

    @Test func theParameterACarriedOrderBringsBackCreditsDirectlyAndMachinesEarnNothing() async throws {
        let shop = try await TrackedShop()
        try await shop.test { client in
            let (ada, bob) = try await adaAndBobAreMailed(shop, client)

            // Bob's email is only ever seen by machines: a scanner at delivery, Apple's proxy.
            shop.clock.advance(seconds: 3)
            #expect(try await TrackedShop.get(client, bob.click, method: .head).status == .found)
            _ = try await TrackedShop.get(client, bob.pixel, agent: "Mozilla/5.0")
            // Ada forwards hers; her friend Carol clicks and buys with the landing URL.
            shop.clock.advance(seconds: 7_200)
            let redirect = try await TrackedShop.get(client, ada.click)
            let landing = try #require(redirect.headers[.location])

            let carol = try await shop.order(
                client,
                #"{"order_id":"2001","email":"carol@example.com","currency":"PLN","total":"49.00","attribution":"\#(landing)","lines":[{"variant_id":"v1","quantity":1,"price":"49.00"}]}"#
            )
            #expect(carol["attributed"] as? Int == 1 && carol["converted"] as? Int == 0)
            let direct = try await shop.store.transaction { try $0.attributions(source: "generic", orderID: "2001") }
            #expect(direct.map(\.model) == [.direct] && direct.first?.eventID == nil)
            #expect(direct.first?.outboxID == (try await outboxID(shop, of: "ada@example.com")))

            let bobs = try await shop.order(
                client,
                #"{"order_id":"2002","email":"bob@example.com","currency":"PLN","total":"49.00","lines":[{"variant_id":"v1","quantity":1,"price":"49.00"}]}"#
            )
            #expect(bobs["attributed"] as? Int == 0, "machines' opens and clicks earn nothing")
            #expect(bobs["converted"] as? Int == 1, "a purchase converts whoever made the touches")
            // A forged or foreign parameter credits nothing.
            let forged = try await shop.order(
                client,
                #"{"order_id":"2003","email":"dan@example.com","currency":"PLN","total":"49.00","attribution":"restock=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","lines":[{"variant_id":"v1","quantity":1,"price":"49.00"}]}"#
            )
            #expect(forged["attributed"] as? Int == 0)
        }
    }

    @Test func anOpenWithinADayWithoutAClickIsViewThroughOnItsOwn() async throws {
        let shop = try await TrackedShop()
        try await shop.test { client in
            try await shop.subscribe(client, "ada@example.com", variant: "v1", url: "https://wool.example/p/socks")
            let ada = try TrackedShop.trackedPaths(try #require(try await shop.restockAndSend(["v1"]).first))
            shop.clock.advance(seconds: 2 * 3_600)
            _ = try await TrackedShop.get(client, ada.pixel)
            shop.clock.advance(seconds: 5 * 3_600)
            let answer = try await shop.order(
                client,
                #"{"order_id":"3001","email":"ada@example.com","currency":"EUR","total":"19.99","lines":[{"variant_id":"v1","quantity":1,"price":"19.99"}]}"#
            )
            #expect(answer["attributed"] as? Int == 1)
            let credits = try await shop.store.transaction { try $0.attributions(source: "generic", orderID: "3001") }
            #expect(credits.map(\.model) == [.view])
        }
    }
}

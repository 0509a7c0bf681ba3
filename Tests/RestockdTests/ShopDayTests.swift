import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// Issue 4's scripted shop day, on both stores: 1,000 watchers, three restocks, people, Apple's
/// proxy and a link scanner reading the emails, orders with and without the attribution
/// parameter, a refund, a sell-out, unsubscribes and re-subscribes. The script counts what it
/// did itself; `/v1/stats` must report exactly that.
@Suite struct ShopDayTests {
    /// What the script did, counted as it did it.
    struct Expected {
        var sent = 0
        var humanOpens = Set<String>()
        var machineOpens = 0
        var humanClicks = Set<String>()
        var scannerClicks = 0
        var conversions = 0
        var unsubscribes = 0
        var resubscribes = 0
        var revenue: [String: [String: Int64]] = [:]

        mutating func credit(_ model: String, _ currency: String, _ minor: Int64) {
            revenue[model, default: [:]][currency, default: 0] += minor
        }
    }

    /// One email as Python's `email` package read it from the mail directory.
    struct Mailed: Decodable {
        var to: String
        var subject: String
        var pixel: String?
        var clicks: [String]
        var unsubscribe: String?
        var resubscribe: [String]
    }

    static let script = #"""
        import email, email.policy, json, os, re, sys
        directory = sys.argv[1]
        seen = set(sys.argv[2].split(",")) if len(sys.argv) > 2 and sys.argv[2] else set()
        base = r"https://restock\.wool\.example"
        out = []
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".eml") or name in seen:
                continue
            with open(os.path.join(directory, name), "rb") as f:
                m = email.message_from_bytes(f.read(), policy=email.policy.default)
            html = m.get_body(preferencelist=("html",)).get_content()
            def paths(route):
                return re.findall(base + r"(/" + route + r"/[A-Za-z0-9_-]{39})", html)
            out.append({"name": name, "to": m["To"].addresses[0].addr_spec, "subject": str(m["Subject"]),
                        "pixel": (paths("t/o") or [None])[0], "clicks": paths("t/c"),
                        "unsubscribe": (paths("u") or [None])[0], "resubscribe": paths("r")})
        print(json.dumps(out))
        """#

    struct Batch: Decodable {
        var name: String
        var mailed: Mailed
        init(from decoder: any Decoder) throws {
            name = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .name)
            mailed = try Mailed(from: decoder)
        }
        enum Keys: String, CodingKey { case name }
    }

    /// Sends everything due, then reads the emails written since the last call, by address.
    func sendAll(_ shop: TrackedShop, seen: inout Set<String>) async throws -> [String: Mailed] {
        while try await shop.daemon.daemon.dispatcher.dispatchOnce().claimed > 0 {}
        guard case .files(let directory) = shop.daemon.daemon.configuration.mail.transport else { return [:] }
        let output = try await PythonScript.run(
            Self.script, input: [], arguments: [directory, seen.sorted().joined(separator: ",")])
        let batch = try JSONDecoder().decode([Batch].self, from: output)
        seen.formUnion(batch.map(\.name))
        return Dictionary(batch.map { ($0.mailed.to, $0.mailed) }, uniquingKeysWith: { $1 })
    }

    static func email(_ index: Int) -> String { "c\(String(format: "%04d", index))@example.com" }
    static func variant(_ index: Int) -> String { "v\(index % 4 + 1)" }

    func order(
        _ shop: TrackedShop, _ client: some TestClientProtocol, id: String, email: String, variant: String,
        currency: String, priceMinor: Int64, attribution: String? = nil, status: String = "paid"
    ) async throws {
        let carried = attribution.map { #","attribution":"\#($0)""# } ?? ""
        let json = #"""
            {"order_id":"\#(id)","email":"\#(email)","currency":"\#(currency)","total_minor":\#(priceMinor),"status":"\#(status)"\#(carried),"lines":[{"variant_id":"\#(variant)","quantity":1,"price_minor":\#(priceMinor)}]}
            """#
        _ = try await shop.order(client, json)
    }

    @Test(arguments: [StoreKind.sqliteFile, .postgres].filter(StoreKind.enabled.contains))
    func statsReportExactlyWhatTheDayDid(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let url = try #require(made.url)
        // Hundreds of shoppers, all seen from the router test's one client: the per-client
        // tracking limit would count them as one.
        let shop = try await TrackedShop([
            "restock.store.url": url, "restock.http.rateLimit.trackingPerMinute": "1000000",
        ])
        let post: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        try await shop.test { client in
            var expected = Expected()
            var seen = Set<String>()
            // 1,000 shoppers, a quarter on each of four variants, every fifth writing Polish.
            for index in 0..<1_000 {
                let locale = index % 5 == 0 ? "pl" : "en"
                let response = try await client.post(
                    "/v1/watches",
                    #"{"email":"\#(Self.email(index))","variant_id":"\#(Self.variant(index))","locale":"\#(locale)","url":"https://wool.example/p/\#(Self.variant(index))","product_title":"Socks","consent":"Email me"}"#,
                    headers: [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"])
                #expect(response.status == .accepted)
            }
            // v1, v2 and v3 come back; v4 stays sold out.
            shop.clock.advance(seconds: 60)
            _ = try await shop.daemon.daemon.engine.ingest(
                stock: ["v1", "v2", "v3"].map {
                    StockEvent(variantID: $0, change: .absolute(500), occurredAt: shop.clock.now)
                }, receipt: nil)
            let mailed = try await sendAll(shop, seen: &seen)
            let notified = (0..<1_000).filter { $0 % 4 != 3 }
            #expect(mailed.count == notified.count)
            expected.sent += mailed.count
            func mail(_ index: Int) throws -> Mailed { try #require(mailed[Self.email(index)]) }

            // Seconds after delivery: Apple's proxy fetches the pixel of 150 emails, a scanner
            // HEADs the link of 50 others.
            shop.clock.advance(seconds: 2)
            for index in notified[300..<450] {
                _ = try await TrackedShop.get(client, try #require(try mail(index).pixel), agent: "Mozilla/5.0")
                expected.machineOpens += 1
            }
            for index in notified[450..<500] {
                _ = try await TrackedShop.get(client, try mail(index).clicks[0], method: .head)
                expected.scannerClicks += 1
            }
            // An hour later people open 300 emails, some twice and some on a second device.
            shop.clock.advance(seconds: 3_600)
            for (position, index) in notified[0..<300].enumerated() {
                let pixel = try #require(try mail(index).pixel)
                _ = try await TrackedShop.get(client, pixel)
                if position % 10 == 0 { _ = try await TrackedShop.get(client, pixel) }
                if position % 7 == 0 {
                    _ = try await TrackedShop.get(client, pixel, agent: TrackedShop.browser + " Mobile")
                }
                expected.humanOpens.insert(Self.email(index))
            }
            // And follow the link of the first 150; the landing URLs keep the parameter.
            shop.clock.advance(seconds: 600)
            var landing: [Int: String] = [:]
            for index in notified[0..<150] {
                let redirect = try await TrackedShop.get(client, try mail(index).clicks[0])
                landing[index] = try #require(redirect.headers[.location])
                expected.humanClicks.insert(Self.email(index))
            }

            shop.clock.advance(seconds: 3_600)
            // 20 orders carry the parameter (direct), 40 clickers order without it (click), 50
            // who only opened order in złoty (view), and 20 whom only machines read order too:
            // converted, but credited to nothing.
            var orderNumber = 5_000
            func next() -> String {
                orderNumber += 1
                return String(orderNumber)
            }
            for index in notified[0..<20] {
                try await order(
                    shop, client, id: next(), email: Self.email(index), variant: Self.variant(index), currency: "EUR",
                    priceMinor: 1_999, attribution: landing[index])
                expected.credit("direct", "EUR", 1_999)
            }
            for index in notified[20..<60] {
                try await order(
                    shop, client, id: next(), email: Self.email(index), variant: Self.variant(index), currency: "EUR",
                    priceMinor: 2_500)
                expected.credit("click", "EUR", 2_500)
            }
            for index in notified[150..<200] {
                try await order(
                    shop, client, id: next(), email: Self.email(index), variant: Self.variant(index), currency: "PLN",
                    priceMinor: 4_900)
                expected.credit("view", "PLN", 4_900)
            }
            for index in notified[300..<320] {
                try await order(
                    shop, client, id: next(), email: Self.email(index), variant: Self.variant(index), currency: "EUR",
                    priceMinor: 1_000)
            }
            expected.conversions = 20 + 40 + 50 + 20
            // The first direct order is refunded.
            try await order(
                shop, client, id: "5001", email: Self.email(notified[0]), variant: Self.variant(notified[0]),
                currency: "EUR", priceMinor: 1_999, status: "refunded")
            expected.credit("direct", "EUR", -1_999)

            // v3 sells out: everyone notified about it who did not buy hears so.
            let bought = Set(Array(notified[0..<60]) + Array(notified[150..<200]) + Array(notified[300..<320]))
            shop.clock.advance(seconds: 60)
            _ = try await shop.daemon.daemon.engine.ingest(
                stock: [StockEvent(variantID: "v3", change: .absolute(0), occurredAt: shop.clock.now)], receipt: nil)
            let soldOut = try await sendAll(shop, seen: &seen)
            let toldAgain = notified.filter { Self.variant($0) == "v3" && !bought.contains($0) }
            #expect(Set(soldOut.keys) == Set(toldAgain.map(Self.email)))
            expected.sent += soldOut.count

            // Three of them keep their place; five others unsubscribe, from the first email.
            shop.clock.advance(seconds: 60)
            for index in toldAgain.prefix(3) {
                let path = try #require(soldOut[Self.email(index)]?.resubscribe.first)
                #expect(try await client.post(path, "", headers: post).status == .ok)
                expected.resubscribes += 1
            }
            for index in toldAgain.suffix(5) {
                let path = try #require(try mail(index).unsubscribe)
                #expect(try await client.post(path, "List-Unsubscribe=One-Click", headers: post).status == .ok)
                expected.unsubscribes += 1
            }

            let day = StatsGrouping.groupName(.day, [String(StatsIncrement.day(shop.clock.now))])
            let answer = try await client.execute(
                uri: "/v1/stats?from=\(day)&to=\(day)&group_by=template", method: .get,
                headers: [.authorization: "Bearer \(TestDaemon.token)"])
            #expect(answer.status == .ok)
            let report =
                try JSONSerialization.jsonObject(with: Data(String(buffer: answer.body).utf8)) as? [String: Any]
            let total = try #require(report?["total"] as? [String: Any])
            func figure(_ name: String) -> Int? { total[name] as? Int }
            #expect(figure("watches_created") == 1_000)
            #expect(figure("sent") == expected.sent && figure("delivered") == expected.sent && figure("failed") == 0)
            #expect(figure("human_opens") == expected.humanOpens.count)
            #expect(figure("machine_opens") == expected.machineOpens)
            #expect(figure("human_clicks") == expected.humanClicks.count)
            #expect(figure("scanner_clicks") == expected.scannerClicks)
            #expect(figure("conversions") == expected.conversions)
            #expect(figure("unsubscribes") == expected.unsubscribes)
            #expect(figure("resubscribes") == expected.resubscribes)
            let revenue = total["revenue_minor"] as? [String: [String: Int]]
            #expect(revenue == expected.revenue.mapValues { $0.mapValues(Int.init) })
            #expect((total["median_send_seconds"] as? Double).map { $0 < 1 } == true)

            // By template: Polish back-in-stock emails went to every fifth notified shopper.
            let groups = try #require(report?["groups"] as? [[String: Any]])
            let polish = groups.first { $0["group"] as? String == "back_in_stock/pl" }
            #expect(polish?["delivered"] as? Int == notified.filter { $0 % 5 == 0 }.count)
            #expect(groups.first { $0["group"] as? String == "watches" }?["watches_created"] as? Int == 1_000)

            // The CSV says the same.
            let csv = try await client.execute(
                uri: "/v1/stats?from=\(day)&to=\(day)&format=csv", method: .get,
                headers: [.authorization: "Bearer \(TestDaemon.token)"])
            let lines = String(buffer: csv.body).split(separator: "\r\n").map {
                $0.split(separator: ",").map(String.init)
            }
            let header = try #require(lines.first)
            let totalRow = try #require(lines.last)
            #expect(totalRow.first == "total")
            #expect(totalRow[try #require(header.firstIndex(of: "human_clicks"))] == String(expected.humanClicks.count))
            #expect(totalRow[try #require(header.firstIndex(of: "revenue_view_PLN_minor"))] == String(50 * 4_900))
        }
    }
}

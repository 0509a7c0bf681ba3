import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// The open pixel and tracked links, from the email the dispatcher wrote (parsed by Python's
/// `email`) through the real router: what a click redirects to, what is recorded, and what is
/// judged a machine.
@Suite struct TrackingHTTPTests {
    static let productURL = "https://wool.example/p/socks?size=m#fit"
    static let browser = TrackedShop.browser
    static let key = TrackedShop.key

    func paths(_ route: String, in text: String) -> [String] { TrackedShop.paths(route, in: text) }

    func get(
        _ client: some TestClientProtocol, _ path: String, agent: String = browser, method: HTTPRequest.Method = .get
    ) async throws -> TestResponse {
        try await TrackedShop.get(client, path, agent: agent, method: method)
    }

    /// Ada's email about v1, sent: the paths of its open pixel and of its product link.
    func oneTrackedEmail(_ shop: TrackedShop, _ client: some TestClientProtocol) async throws -> (String, String) {
        try await shop.subscribe(client, "ada@example.com", variant: "v1", url: Self.productURL)
        return try TrackedShop.trackedPaths(try #require(try await shop.restockAndSend(["v1"]).first))
    }

    @Test func theEmailCarriesThePixelAndAClickGoesToTheStoredURLWithTheAttributionParameter() async throws {
        let daemon = try await TrackedShop()
        try await daemon.test { client in
            try await daemon.subscribe(client, "ada@example.com", variant: "v1", url: Self.productURL)
            let mail = try #require(try await daemon.restockAndSend(["v1"]).first)
            let html = try #require(mail.body("text/html"))
            let text = try #require(mail.body("text/plain"))
            let pixel = try #require(paths("o", in: html).first)
            #expect(html.contains(#"<img src="https://restock.wool.example\#(pixel)" width="1" height="1""#))
            let click = try #require(paths("c", in: html).first)
            #expect(paths("c", in: text) == [click])
            #expect(!html.contains("wool.example/p/socks"), "the product URL itself is only behind the redirect")

            daemon.clock.advance(seconds: 120)
            let redirect = try await get(client, click)
            #expect(redirect.status == .found)
            let location = try #require(redirect.headers[.location])
            let prefix = "https://wool.example/p/socks?size=m&restock="
            #expect(location.hasPrefix(prefix) && location.hasSuffix("#fit"), "\(location)")
            let parameter = String(location.dropFirst(prefix.count).dropLast("#fit".count))
            let attribution = try #require(
                LinkToken.decode(parameter, purpose: .attribution, secret: Self.key, now: daemon.clock.now))
            let link = try #require(try await daemon.store.transaction { try $0.link(id: attribution.id) })
            #expect(link.url == Self.productURL && link.variantID == "v1")

            let image = try await get(client, pixel)
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/gif")
            #expect(image.headers[.cacheControl]?.contains("no-store") == true)
            #expect(Array(image.body.readableBytesView).prefix(6) == Array("GIF89a".utf8)[...])
            #expect(image.body.readableBytes == 43)
            // The same visitor again is the same open; another agent is another visitor.
            _ = try await get(client, pixel)
            _ = try await get(client, pixel, agent: Self.browser + " Edg/131.0")

            let recorded = try await daemon.events()
            #expect(recorded.filter { $0.kind == .click }.map(\.machine) == [false])
            #expect(recorded.filter { $0.kind == .click }.first?.linkID == link.id)
            #expect(recorded.filter { $0.kind == .open }.map(\.machine) == [false, false])
            #expect(Set(recorded.compactMap(\.watchID)).count == 1)
        }
    }

    @Test func tamperedForeignOrUnknownTokensNeverRedirectNorRecordAndThePixelStillAnswers() async throws {
        let daemon = try await TrackedShop()
        try await daemon.test { client in
            let (pixel, click) = try await oneTrackedEmail(daemon, client)
            daemon.clock.advance(seconds: 120)

            func tampered(_ path: String) -> String {
                var characters = Array(path)
                characters[characters.count - 7] = characters[characters.count - 7] == "A" ? "B" : "A"
                return String(characters)
            }
            let foreignSecret = SymmetricKey(data: Data("another-shops-secret-0123".utf8))
            let expiry = daemon.clock.now.adding(seconds: 86_400)
            let foreignClick =
                "/t/c/" + LinkToken(purpose: .click, id: 1, expiresAt: expiry).encoded(secret: foreignSecret)
            let foreignOpen =
                "/t/o/" + LinkToken(purpose: .open, id: 1, expiresAt: expiry).encoded(secret: foreignSecret)
            let unknownLink =
                "/t/c/" + LinkToken(purpose: .click, id: 999_999, expiresAt: expiry).encoded(secret: Self.key)
            let unknownEmail =
                "/t/o/" + LinkToken(purpose: .open, id: 999_999, expiresAt: expiry).encoded(secret: Self.key)
            let clickAsOpen = "/t/o/" + click.dropFirst(5)
            let openAsClick = "/t/c/" + pixel.dropFirst(5)

            for path in [tampered(click), foreignClick, unknownLink, openAsClick, "/t/c/short"] {
                let response = try await get(client, path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.headers[.location] == nil, "\(path)")
            }
            for path in [tampered(pixel), foreignOpen, unknownEmail, clickAsOpen, "/t/o/short"] {
                let response = try await get(client, path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "image/gif", "\(path)")
            }
            #expect(try await daemon.events().isEmpty)
        }
    }

    @Test func prefetchesProxiesAndScannersAreKeptAsMachines() async throws {
        let daemon = try await TrackedShop()
        try await daemon.test { client in
            let (pixel, click) = try await oneTrackedEmail(daemon, client)

            // Seconds after delivery: a prefetch and a security scanner.
            daemon.clock.advance(seconds: 2)
            _ = try await get(client, pixel, agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)")
            #expect(try await get(client, click).status == .found)
            // Later: Apple's proxy, a scanner that says so, and a HEAD check.
            daemon.clock.advance(seconds: 600)
            _ = try await get(client, pixel, agent: "Mozilla/5.0")
            #expect(try await get(client, click, agent: "Mimecast-LinkScanner/2.1").status == .found)
            #expect(try await get(client, click, method: .head).status == .found)

            let opens = try await daemon.events(.open)
            #expect(opens.map(\.reason) == ["too-soon", "apple-mpp"])
            let clicks = try await daemon.events(.click)
            #expect(clicks.map(\.reason) == ["too-soon", "known-agent", "head-request"])
            #expect((opens + clicks).allSatisfy { $0.machine })
        }
    }

    @Test func severalLinksOfOneEmailFollowedWithinASecondAreAScanner() async throws {
        let daemon = try await TrackedShop()
        try await daemon.test { client in
            try await daemon.subscribe(client, "ada@example.com", variant: "v1", url: "https://wool.example/p/socks")
            try await daemon.subscribe(client, "ada@example.com", variant: "v2", url: "https://wool.example/p/hat")
            let mails = try await daemon.restockAndSend(["v1", "v2"])
            #expect(mails.count == 1, "both items coalesce into one email")
            let clicks = paths("c", in: try #require(mails.first?.body("text/html")))
            #expect(clicks.count == 2)

            daemon.clock.advance(seconds: 300)
            #expect(try await get(client, clicks[0]).status == .found)
            // A person, a minute later, follows the second link: still a person.
            daemon.clock.advance(seconds: 60)
            #expect(try await get(client, clicks[1]).status == .found)
            // A scanner then fetches both within half a second.
            daemon.clock.advance(seconds: 600)
            #expect(try await get(client, clicks[0]).status == .found)
            daemon.clock.advance(seconds: 0.5)
            #expect(try await get(client, clicks[1]).status == .found)

            let recorded = try await daemon.events(.click)
            #expect(recorded.map(\.machine) == [false, false, true, true])
            #expect(recorded.suffix(2).allSatisfy { $0.reason == "link-burst" })
        }
    }

    @Test func aHugeUserAgentIsStoredCutAndCleanAndTheClickStillCounts() async throws {
        let daemon = try await TrackedShop()
        try await daemon.test { client in
            let (_, click) = try await oneTrackedEmail(daemon, client)
            daemon.clock.advance(seconds: 120)
            let agent = Self.browser + "\u{7}" + String(repeating: "x", count: 10_000)
            #expect(try await get(client, click, agent: agent).status == .found)
            let stored = try #require(try await daemon.events(.click).first?.userAgent)
            #expect(stored.count == TrackingRequest.maxUserAgent && stored.hasPrefix(Self.browser))
            #expect(!stored.unicodeScalars.contains { $0.value < 0x20 }, "no control character is stored")
        }
    }

    @Test func repeatsFromOneVisitorWithinTheWindowAreRedirectedButCountedOnce() async throws {
        // The per-client limit would answer 429 after 300 a minute (RateLimitHTTPTests): raised
        // here, so that what counts a repeat once is the repeat window alone.
        let daemon = try await TrackedShop(["restock.http.rateLimit.trackingPerMinute": "100000"])
        try await daemon.test { client in
            let (_, click) = try await oneTrackedEmail(daemon, client)
            daemon.clock.advance(seconds: 120)
            func follow(_ agent: String = Self.browser) async throws {
                let response = try await get(client, click, agent: agent)
                #expect(response.status == .found)
                #expect(response.headers[.location]?.hasPrefix("https://wool.example/p/socks?size=m&restock=") == true)
            }
            func stats() async throws -> (people: Int?, scanners: Int?) {
                let today = StatsIncrement.day(daemon.clock.now)
                let (from, to) = (
                    StatsGrouping.groupName(.day, ["\(today - 1)"]), StatsGrouping.groupName(.day, ["\(today)"])
                )
                let answer = try await client.execute(
                    uri: "/v1/stats?from=\(from)&to=\(to)&group_by=kind", method: .get,
                    headers: [.authorization: "Bearer \(TestDaemon.token)"])
                let report =
                    try JSONSerialization.jsonObject(with: Data(String(buffer: answer.body).utf8)) as? [String: Any]
                let total = report?["total"] as? [String: Any]
                return (total?["human_clicks"] as? Int, total?["scanner_clicks"] as? Int)
            }

            // One visitor, 500 times within the minute: one click.
            for n in 0..<500 {
                if n % 50 == 0 { daemon.clock.advance(seconds: 5) }
                try await follow()
            }
            #expect(try await daemon.events(.click).count == 1)
            #expect(try await stats() == (1, 0))

            // 50 visitors (the first and 49 others), each several times, all at once (so they
            // share commits): 50 clicks, still one email clicked by people.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for visitor in 1..<50 {
                    for _ in 0..<3 { group.addTask { try await follow(Self.browser + " visitor/\(visitor)") } }
                }
                try await group.waitForAll()
            }
            let clicks = try await daemon.events(.click)
            #expect(clicks.count == 50 && Set(clicks.map(\.visitor)).count == 50)
            #expect(try await stats() == (1, 0))

            // Past the window, the first visitor's next click is a new one.
            daemon.clock.advance(seconds: 61)
            try await follow()
            #expect(try await daemon.events(.click).count == 51)
        }
    }

    @Test func behindATrustedProxyTheForwardedAddressIsTheClients() async throws {
        for trusted in [true, false] {
            let shop = try await TrackedShop(trusted ? ["restock.http.trustedProxies": "127.0.0.1, ::1"] : [:])
            // Over a real socket: the peer is 127.0.0.1, the proxy.
            try await Application(router: shop.daemon.daemon.router).test(.live) { client in
                let (pixel, _) = try await oneTrackedEmail(shop, client)
                shop.clock.advance(seconds: 120)
                for forwarded in ["17.58.1.2", "17.58.1.2, 203.0.113.5"] {
                    let response = try await client.execute(
                        uri: pixel, method: .get,
                        headers: [.userAgent: Self.browser + forwarded, HTTPField.Name("X-Forwarded-For")!: forwarded])
                    #expect(response.status == .ok)
                }
            }
            let opens = try await shop.events(.open)
            if trusted {
                // The client's own address, and Apple's range recognised by it; an address the
                // client wrote to the left of the proxy's entry is not believed.
                #expect(opens.map(\.ip) == ["17.58.1.2", "203.0.113.5"])
                #expect(opens.map(\.reason) == ["apple-mpp", nil])
            } else {
                #expect(opens.allSatisfy { $0.ip == "127.0.0.1" && !$0.machine }, "the header is ignored")
            }
        }
    }

    @Test func withTrackingOffEmailsLinkStraightToTheShopAndCarryNoPixel() async throws {
        let shop = try await TrackedShop(["restock.tracking.enabled": "false"])
        try await shop.test { client in
            try await shop.subscribe(client, "ada@example.com", variant: "v1", url: Self.productURL)
            let mail = try #require(try await shop.restockAndSend(["v1"]).first)
            let html = try #require(mail.body("text/html"))
            #expect(html.contains(#"href="https://wool.example/p/socks?size=m#fit""#))
            #expect(paths("o", in: html).isEmpty && paths("c", in: html).isEmpty && !html.contains("/t/"))
            #expect(try #require(mail.body("text/plain")).contains(Self.productURL))
            let links = try await shop.store.transaction { tx in
                try tx.outboxEntries(state: nil, limit: 10).compactMap { try tx.link(id: $0.id) }
            }
            #expect(links.isEmpty, "no link rows are kept")
        }
    }
}

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
    static let linkSecret = "tracking-test-secret-0123456789"
    static let key = SymmetricKey(data: Data(linkSecret.utf8))
    static let browser =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    static let productURL = "https://wool.example/p/socks?size=m#fit"

    func daemon() async throws -> TestDaemon {
        try await TestDaemon([
            "restock.links.secret": Self.linkSecret, "restock.http.publicURL": "https://restock.wool.example",
        ])
    }

    func subscribe(_ client: some TestClientProtocol, _ email: String, variant: String, url: String) async throws {
        let response = try await client.post(
            "/v1/watches",
            #"{"email":"\#(email)","variant_id":"\#(variant)","url":"\#(url)","product_title":"Socks","consent":"Email me"}"#,
            headers: [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"])
        #expect(response.status == .accepted || response.status == .ok, "subscribe \(email)")
    }

    /// Restocks `variants` in one delivery, sends one dispatcher round, and returns each email
    /// written, parsed.
    func restockAndSend(_ daemon: TestDaemon, _ variants: [String]) async throws -> [PythonMailCheck.ParsedMail] {
        daemon.clock.advance(seconds: 1)
        _ = try await daemon.daemon.engine.ingest(
            stock: variants.map { StockEvent(variantID: $0, change: .absolute(5), occurredAt: daemon.clock.now) },
            receipt: nil)
        let round = try await daemon.daemon.dispatcher.dispatchOnce()
        #expect(round.sent == round.claimed && round.sent > 0)
        guard case .files(let directory) = daemon.daemon.configuration.mail.transport else {
            Issue.record("the test daemon should write mail to files")
            return []
        }
        var parsed: [PythonMailCheck.ParsedMail] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".eml")
        {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            parsed.append(try await PythonMailCheck.parse(Array(data)))
        }
        return parsed
    }

    /// Ada's email about v1, sent: the paths of its open pixel and of its product link.
    func oneTrackedEmail(_ daemon: TestDaemon, _ client: some TestClientProtocol) async throws -> (String, String) {
        try await subscribe(client, "ada@example.com", variant: "v1", url: Self.productURL)
        let mail = try #require(try await restockAndSend(daemon, ["v1"]).first)
        let html = try #require(mail.body("text/html"))
        return (try #require(paths("o", in: html).first), try #require(paths("c", in: html).first))
    }

    /// The paths after the public URL of every `/t/<route>/…` link in `text`.
    func paths(_ route: String, in text: String) -> [String] {
        let pattern = try! Regex("https://restock\\.wool\\.example(/t/\(route)/[A-Za-z0-9_-]{39})")
        return text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    func events(_ daemon: TestDaemon, _ kind: TrackingKind? = nil) async throws -> [TrackingEvent] {
        try await daemon.store.transaction { tx in
            try tx.outboxEntries(state: nil, limit: 100).flatMap { try tx.events(outboxID: $0.id, kind: kind) }
        }
    }

    func get(
        _ client: some TestClientProtocol, _ path: String, agent: String = browser, method: HTTPRequest.Method = .get
    )
        async throws -> TestResponse
    {
        try await client.execute(uri: path, method: method, headers: [.userAgent: agent])
    }

    @Test func theEmailCarriesThePixelAndAClickGoesToTheStoredURLWithTheAttributionParameter() async throws {
        let daemon = try await daemon()
        try await daemon.test { client in
            try await subscribe(client, "ada@example.com", variant: "v1", url: Self.productURL)
            let mail = try #require(try await restockAndSend(daemon, ["v1"]).first)
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

            let recorded = try await events(daemon)
            #expect(recorded.filter { $0.kind == .click }.map(\.machine) == [false])
            #expect(recorded.filter { $0.kind == .click }.first?.linkID == link.id)
            #expect(recorded.filter { $0.kind == .open }.map(\.machine) == [false, false])
            #expect(Set(recorded.compactMap(\.watchID)).count == 1)
        }
    }

    @Test func tamperedForeignOrUnknownTokensNeverRedirectNorRecordAndThePixelStillAnswers() async throws {
        let daemon = try await daemon()
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
            #expect(try await events(daemon).isEmpty)
        }
    }

    @Test func prefetchesProxiesAndScannersAreKeptAsMachines() async throws {
        let daemon = try await daemon()
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

            let opens = try await events(daemon, .open)
            #expect(opens.map(\.reason) == ["too-soon", "apple-mpp"])
            let clicks = try await events(daemon, .click)
            #expect(clicks.map(\.reason) == ["too-soon", "known-agent", "head-request"])
            #expect((opens + clicks).allSatisfy { $0.machine })
        }
    }

    @Test func severalLinksOfOneEmailFollowedWithinASecondAreAScanner() async throws {
        let daemon = try await daemon()
        try await daemon.test { client in
            try await subscribe(client, "ada@example.com", variant: "v1", url: "https://wool.example/p/socks")
            try await subscribe(client, "ada@example.com", variant: "v2", url: "https://wool.example/p/hat")
            let mails = try await restockAndSend(daemon, ["v1", "v2"])
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

            let recorded = try await events(daemon, .click)
            #expect(recorded.map(\.machine) == [false, false, true, true])
            #expect(recorded.suffix(2).allSatisfy { $0.reason == "link-burst" })
        }
    }
}

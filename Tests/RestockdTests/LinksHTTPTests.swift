import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RestockCore
import RestockEngine
import Testing

@testable import restockd

/// The links in emails, `/u`, `/r` and `/c`, through the real router: GET only shows a button,
/// POST acts, and a token that is not ours, for another route, or expired, does nothing.
@Suite struct LinksHTTPTests {
    static let linkSecret = "links-test-secret-0123456789"
    static let key = SymmetricKey(data: Data(linkSecret.utf8))

    func daemon(_ settings: [String: String] = [:]) async throws -> TestDaemon {
        try await TestDaemon(
            ["restock.links.secret": Self.linkSecret, "restock.shop.name": "Wool & Co"].merging(settings) { $1 })
    }

    func link(_ route: String, _ purpose: LinkToken.Purpose, _ id: Int64, _ daemon: TestDaemon, days: Double = 30)
        -> String
    {
        let token = LinkToken(purpose: purpose, id: id, expiresAt: daemon.clock.now.adding(seconds: days * 86_400))
        return "/\(route)/\(token.encoded(secret: Self.key))"
    }

    func watchID(_ response: TestResponse) throws -> Int64 {
        let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
        return try #require((answer?["watch_id"] as? String).flatMap { Int64($0) })
    }

    func watch(_ id: Int64, _ daemon: TestDaemon) async throws -> Watch {
        try #require(try await daemon.store.transaction { try $0.watch(id: id) })
    }

    func restock(_ daemon: TestDaemon, to level: Int, variant: String = "v1") async throws {
        daemon.clock.advance(seconds: 1)
        _ = try await daemon.daemon.engine.ingest(
            stock: [StockEvent(variantID: variant, change: .absolute(level), occurredAt: daemon.clock.now)],
            receipt: nil)
    }

    let oneClick: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func getShowsAButtonAndOnlyPostUnsubscribes() async throws {
        let daemon = try await daemon()
        try await daemon.test { client in
            let id = try watchID(try await client.subscribe("ada@example.com"))
            try await restock(daemon, to: 5)
            let customer = try await watch(id, daemon).customerID
            let url = link("u", .unsubscribe, customer, daemon)

            let page = try await client.execute(uri: url, method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains(#"<form method="post"><button type="submit">Unsubscribe"#))
            #expect(String(buffer: page.body).contains("Wool &amp; Co"))
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(try await watch(id, daemon).state == .notified)
            let queued = try await daemon.store.transaction { try $0.outboxEntries(state: .queued, limit: 10) }
            #expect(queued.count == 1)

            // RFC 8058: the mailbox provider POSTs this body to the List-Unsubscribe URL.
            let done = try await client.post(url, "List-Unsubscribe=One-Click", headers: oneClick)
            #expect(done.status == .ok)
            #expect(String(buffer: done.body).contains("You are unsubscribed"))
            #expect(try await watch(id, daemon).state == .unsubscribed)
            let states = try await daemon.store.transaction { try $0.outboxEntries(state: nil, limit: 10) }
                .map(\.state)
            #expect(states == [.cancelled])
            #expect(try await daemon.store.transaction { try $0.counts() }.liveWatches == 0, "STATUS= counts it gone")

            let again = try await client.post(url, "List-Unsubscribe=One-Click", headers: oneClick)
            #expect(again.status == .ok)
        }
    }

    @Test func foreignTamperedExpiredOrMisroutedTokensDoNothing() async throws {
        let daemon = try await daemon()
        try await daemon.test { client in
            let id = try watchID(try await client.subscribe("ada@example.com"))
            let customer = try await watch(id, daemon).customerID
            let good = link("u", .unsubscribe, customer, daemon, days: 1)
            var tampered = Array(good)
            tampered[tampered.count - 5] = tampered[tampered.count - 5] == "A" ? "B" : "A"
            let foreign =
                "/u/"
                + LinkToken(purpose: .unsubscribe, id: customer, expiresAt: daemon.clock.now.adding(seconds: 86_400))
                .encoded(secret: SymmetricKey(data: Data("another-shops-secret-0123".utf8)))
            let misrouted = "/r/" + good.dropFirst(3)
            for url in [String(tampered), foreign, misrouted, "/u/short"] {
                let get = try await client.execute(uri: url, method: .get)
                let post = try await client.post(url, "List-Unsubscribe=One-Click", headers: oneClick)
                #expect(get.status == .notFound, "GET \(url)")
                #expect(post.status == .notFound, "POST \(url)")
                #expect(!String(buffer: get.body).contains("<form"))
            }
            // A well-signed token for a customer this database does not have (GET does not look).
            let unknown = try await client.post(link("u", .unsubscribe, 999_999, daemon), "", headers: oneClick)
            #expect(unknown.status == .notFound)
            daemon.clock.advance(seconds: 2 * 86_400)
            let expired = try await client.post(good, "", headers: oneClick)
            #expect(expired.status == .notFound)
            #expect(String(buffer: expired.body).contains("expired"))
        }
        let live = try await daemon.store.transaction { try $0.liveWatches(afterID: 0, limit: 10) }
        #expect(live.map(\.state) == [.watching])
    }

    /// The pages come from the shop's template directory like its emails: a page file there
    /// rewords its page, and a new locale folder translates the pages for browsers asking for it.
    @Test func theShopsTemplatesRenderTheLinkPages() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        for (path, text) in [
            ("en/page_invalid.html.mustache", "{{<page}}{{$title}}Old link{{/title}}{{/page}}"),
            ("de/page.html.mustache", "<html lang=\"de\"><h1>{{$title}}{{/title}}</h1>{{$text}}{{/text}}</html>"),
            ("de/page_invalid.html.mustache", "{{<page}}{{$title}}Ungültiger Link{{/title}}{{/page}}"),
        ] {
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let daemon = try await daemon(["restock.mail.templates": directory.path])
        try await daemon.test { client in
            let english = try await client.execute(uri: "/u/short", method: .get)
            #expect(english.status == .notFound && String(buffer: english.body).contains("<h1>Old link</h1>"))
            let german = try await client.execute(uri: "/u/short", method: .get, headers: [.acceptLanguage: "de-AT"])
            #expect(String(buffer: german.body) == #"<html lang="de"><h1>Ungültiger Link</h1></html>"#)
            // A page the directory does not have is the built-in one; Polish is untouched.
            let polish = try await client.execute(uri: "/u/short", method: .get, headers: [.acceptLanguage: "pl"])
            #expect(String(buffer: polish.body).contains("<h1>Ten link nie działa</h1>"))
        }
    }

    @Test func resubscribingKeepsThePlaceInTheQueue() async throws {
        let daemon = try await daemon(["restock.planner.perUnit": "1"])
        try await daemon.test { client in
            let ada = try watchID(try await client.subscribe("ada@example.com"))
            let bob = try watchID(try await client.subscribe("bob@example.com"))
            try await restock(daemon, to: 2)
            // Only a shopper who was told it was back hears it is gone again.
            try await daemon.daemon.dispatcher.dispatchOnce()
            try await restock(daemon, to: 0)
            #expect(try await watch(bob, daemon).state == .soldOutAgain)
            let carol = try watchID(try await client.subscribe("carol@example.com"))
            let url = link("r", .resubscribe, bob, daemon)

            let page = try await client.execute(uri: url, method: .get, headers: [.acceptLanguage: "pl-PL,pl;q=0.9"])
            #expect(String(buffer: page.body).contains("Zachowaj moje miejsce"))
            #expect(try await watch(bob, daemon).state == .soldOutAgain)

            let done = try await client.post(url, "", headers: oneClick)
            #expect(done.status == .ok)
            let resubscribed = try await watch(bob, daemon)
            #expect(resubscribed.state == .watching && resubscribed.queuePosition == bob)

            // One unit comes back: it goes to Bob, who came before Carol, not to Carol.
            try await restock(daemon, to: 1)
            #expect(try await watch(bob, daemon).state == .notified)
            #expect(try await watch(carol, daemon).state == .watching)
            #expect(try await watch(ada, daemon).state == .soldOutAgain)

            // Ada unsubscribes; her re-subscribe link then cannot bring the watch back.
            let customer = try await watch(ada, daemon).customerID
            _ = try await client.post(link("u", .unsubscribe, customer, daemon), "", headers: oneClick)
            let ended = try await client.post(link("r", .resubscribe, ada, daemon), "", headers: oneClick)
            #expect(ended.status == .gone)
            #expect(try await watch(ada, daemon).state == .unsubscribed)
        }
    }

    @Test func confirmingADoubleOptInStartsTheWatchAndAWaveWhileOnSale() async throws {
        let origin = "https://shop.example"
        let daemon = try await daemon([
            "restock.watches.doubleOptIn": "true", "restock.watches.allowedOrigins": origin,
        ])
        try await daemon.test { client in
            try await restock(daemon, to: 3)
            _ = try await client.post(
                "/v1/watches", #"{"email":"zoe@example.com","variant_id":"v1"}"#,
                headers: [.origin: origin, .contentType: "application/json"])
            let pending = try #require(
                try await daemon.store.transaction { try $0.liveWatches(afterID: 0, limit: 1) }.first)
            #expect(pending.state == .pending)
            let url = link("c", .confirm, pending.id, daemon)

            let page = try await client.execute(uri: url, method: .get)
            #expect(String(buffer: page.body).contains(">Confirm</button>"))
            #expect(try await watch(pending.id, daemon).state == .pending)

            #expect(try await client.post(url, "", headers: oneClick).status == .ok)
            #expect(try await watch(pending.id, daemon).state == .watching)
            // The variant is on sale: the next wave is due now, not at the next restock.
            daemon.clock.advance(seconds: 1)
            #expect(try await daemon.daemon.engine.runDueWaves() == 1)
            #expect(try await watch(pending.id, daemon).state == .notified)
            #expect(try await client.post(url, "", headers: oneClick).status == .ok)
        }
    }
}

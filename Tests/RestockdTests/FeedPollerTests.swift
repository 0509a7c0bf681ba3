import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// The feed poller against a real HTTP server serving a Google Merchant RSS feed.
@Suite struct FeedPollerTests {
    /// Serves `/feed.xml`: a jacket back in stock (with a nested shipping price that is not its
    /// price), a hat now out of stock, an unwatched scarf, and 2,000 other products; `ETag`
    /// and `Last-Modified` an hour after the test clock's start, and 304 to either validator.
    /// `/count` says how many full bodies it sent.
    static let server = #"""
        import http.server
        STAMP = "Fri, 15 Jan 2027 09:00:00 GMT"
        items = [
            b"<item><g:id>271878346596884015</g:id><g:title>Rain jacket</g:title>"
            b"<g:link>https://shop.example/p/rain-jacket?v=1&amp;c=yellow</g:link><g:image_link>https://shop.example/i/rj.jpg</g:image_link>"
            b"<g:price>89.00 EUR</g:price><g:availability>in stock</g:availability>"
            b"<g:shipping><g:country>PL</g:country><g:price>9.99 EUR</g:price></g:shipping></item>",
            b"<item><g:id>hat-red</g:id><title>Wool hat</title><g:price>59.90 EUR</g:price><g:availability>out_of_stock</g:availability></item>",
            b"<item><g:id>scarf</g:id><title>Scarf</title><g:availability>in_stock</g:availability></item>",
        ] + [b"<item><g:id>filler-%d</g:id><title>Filler %d</title><g:availability>in_stock</g:availability></item>" % (n, n) for n in range(2000)]
        BODY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">'
                b"<channel><title>Shop</title><link>https://shop.example</link>" + b"\n".join(items) + b"</channel></rss>\n")
        sent = [0]
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self):
                if self.path == "/count":
                    body = str(sent[0]).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                    self.wfile.write(body); return
                if self.headers.get("If-None-Match") == '"feed-1"' or self.headers.get("If-Modified-Since") == STAMP:
                    self.send_response(304); self.send_header("ETag", '"feed-1"'); self.end_headers(); return
                sent[0] += 1
                self.send_response(200); self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", '"feed-1"'); self.send_header("Last-Modified", STAMP)
                self.send_header("Content-Length", str(len(BODY))); self.end_headers()
                self.wfile.write(BODY)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    @Test func aPollRestocksAndSellsOutWatchedItemsMarksMissingOnesRemovedAndA304ParsesNothing() async throws {
        let server = try PythonServer(script: Self.server)
        let daemon = try await TestDaemon(["restock.feed.url": "http://127.0.0.1:\(server.port)/feed.xml"])
        let poller = FeedPoller(
            engine: daemon.daemon.engine, configuration: daemon.daemon.configuration.integrations.feed!,
            logger: Logger(label: "test"))
        try await daemon.test { client async throws in
            for email in ["ala@example.com", "bob@example.com"] {
                _ = try await client.subscribe(email, variant: "271878346596884015")
                _ = try await client.subscribe(email, variant: "hat-red")
                _ = try await client.subscribe(email, variant: "gone-boots")
            }
            // The hat and the boots are in stock as far as the shop's webhooks said.
            let body = #"{"events":[{"variant_id":"hat-red","available":5},{"variant_id":"gone-boots","available":3}]}"#
            #expect(try await client.post("/v1/inventory", body, headers: daemon.signed(body)).status == .ok)
        }
        let summary = try await poller.poll()
        #expect(summary.notModified == false)
        #expect(summary.items == 2_003)
        #expect(summary.watched == 2)
        #expect(summary.stockEvents == 2)
        #expect(summary.removed == 1)
        #expect(summary.queued == 4)  // the jacket's two "back in stock", the hat's two "sold out again"

        let (jacket, hat, boots, scarf, removed, catalog, entries) = try await daemon.store.transaction { tx in
            (
                try tx.stockLevels(variant: "271878346596884015"), try tx.stockLevels(variant: "hat-red"),
                try tx.stockLevels(variant: "gone-boots"), try tx.stockLevels(variant: "scarf"),
                try tx.removedVariants(),
                try tx.catalog(variant: "271878346596884015"), try tx.outboxEntries(state: nil, limit: 20)
            )
        }
        #expect(jacket.map(\.available) == [100])
        #expect(hat.map(\.available) == [0])
        // Missing from the feed is removed, not sold out: its level and watches stay.
        #expect(boots.map(\.available) == [3])
        #expect(removed == ["gone-boots"])
        // Nobody watches the scarf: it cost a lookup and nothing else.
        #expect(scarf.isEmpty)
        #expect(catalog?.priceMinor == 8900 && catalog?.currency == "EUR")
        #expect(catalog?.url == "https://shop.example/p/rain-jacket?v=1&c=yellow")
        #expect(catalog?.productTitle == "Rain jacket")
        #expect(entries.filter { $0.kind == .soldOutAgain }.count == 2)
        #expect(
            entries.filter { $0.kind == .backInStock && $0.items.map(\.variantID) == ["271878346596884015"] }.count == 2
        )

        let again = try await poller.poll()
        #expect(again == FeedPollSummary(notModified: true))
        let state = try await daemon.store.transaction {
            try $0.feedPoll(url: "http://127.0.0.1:\(server.port)/feed.xml")
        }
        #expect(state?.etag == #""feed-1""#)
        #expect(state?.items == 2_003)
        let count = try String(contentsOf: URL(string: "http://127.0.0.1:\(server.port)/count")!, encoding: .utf8)
        #expect(count == "1")
        #expect(
            try await daemon.store.transaction { try $0.outboxEntries(state: nil, limit: 20) }.count == entries.count)
    }

    /// A feed host whose `Last-Modified` lies in the future (a wrong clock, or year 9999) dates
    /// its levels no later than the poll: a webhook that comes after the poll still counts,
    /// instead of being taken for stale until that date.
    @Test func aLastModifiedInTheFutureDoesNotFreezeStockAgainstLaterWebhooks() async throws {
        let script = Self.server.replacingOccurrences(
            of: #"STAMP = "Fri, 15 Jan 2027 09:00:00 GMT""#, with: #"STAMP = "Fri, 31 Dec 9999 23:59:59 GMT""#)
        let server = try PythonServer(script: script)
        let daemon = try await TestDaemon(["restock.feed.url": "http://127.0.0.1:\(server.port)/feed.xml"])
        let poller = FeedPoller(
            engine: daemon.daemon.engine, configuration: daemon.daemon.configuration.integrations.feed!,
            logger: Logger(label: "test"))
        try await daemon.test { client async throws in
            _ = try await client.subscribe("ala@example.com", variant: "hat-red")
            let stocked = #"{"events":[{"variant_id":"hat-red","available":5}]}"#
            #expect(try await client.post("/v1/inventory", stocked, headers: daemon.signed(stocked)).status == .ok)
        }
        let summary = try await poller.poll()
        #expect(summary.stockEvents == 1, "the feed says the hat is out of stock")
        daemon.clock.advance(seconds: 60)
        try await daemon.test { client async throws in
            let restocked = #"{"events":[{"variant_id":"hat-red","available":4}]}"#
            let response = try await client.post("/v1/inventory", restocked, headers: daemon.signed(restocked))
            #expect(String(buffer: response.body).contains(#""stale":0"#), "\(String(buffer: response.body))")
        }
        let levels = try await daemon.store.transaction { try $0.stockLevels(variant: "hat-red") }
        #expect(levels.map(\.available) == [4])
    }

    /// Two daemons on one store whose timers fire at the same moment: one of them polls, the
    /// other finds the poll taken, so the feed's change is processed once: one download, one
    /// restock cycle, one email per watcher. At the next interval the other daemon polls, with
    /// the validators the first one saved in the store, and the feed host answers 304.
    @Test(arguments: [StoreKind.sqliteFile, .postgres].filter(StoreKind.enabled.contains))
    func twoDaemonsOnOneStoreProcessAFeedChangeOnce(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let server = try PythonServer(script: Self.server)
        let settings = [
            "restock.store.url": try #require(made.url),
            "restock.feed.url": "http://127.0.0.1:\(server.port)/feed.xml",
        ]
        let clock = TestClock()
        let daemons = [try await TestDaemon(settings, clock: clock), try await TestDaemon(settings, clock: clock)]
        try await daemons[0].test { client async throws in
            for email in ["ala@example.com", "bob@example.com", "cem@example.com"] {
                _ = try await client.subscribe(email, variant: "271878346596884015")
            }
        }
        let pollers = daemons.map {
            FeedPoller(
                engine: $0.daemon.engine, configuration: $0.daemon.configuration.integrations.feed!,
                logger: Logger(label: "test"))
        }

        async let first = pollers[0].pollIfDue()
        async let second = pollers[1].pollIfDue()
        let polls = try await [first, second].compactMap { $0 }
        #expect(polls.count == 1, "exactly one daemon polls: \(polls)")
        #expect(polls.first?.stockEvents == 1 && polls.first?.queued == 3)
        let (cycle, entries) = try await daemons[1].store.transaction { tx in
            (try tx.openCycle(variant: "271878346596884015"), try tx.outboxEntries(state: nil, limit: 20))
        }
        #expect(cycle?.wavesSent == 1)
        #expect(entries.count == 3)
        #expect(Set(entries.filter { $0.kind == .backInStock }.flatMap { $0.items.map(\.watchID) }).count == 3)
        let count = URL(string: "http://127.0.0.1:\(server.port)/count")!
        #expect(try String(contentsOf: count, encoding: .utf8) == "1")

        // The next interval: whichever daemon ticks first polls, conditionally; the other does not.
        clock.advance(seconds: 900)
        #expect(try await pollers[1].pollIfDue() == FeedPollSummary(notModified: true))
        #expect(try await pollers[0].pollIfDue() == nil)
        #expect(try String(contentsOf: count, encoding: .utf8) == "1")
        #expect(try await daemons[0].store.transaction { try $0.outboxEntries(state: nil, limit: 20) }.count == 3)
    }
}

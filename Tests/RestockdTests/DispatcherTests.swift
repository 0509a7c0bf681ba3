import Crypto
import Curl
import Foundation
import Logging
import RestockCore
import RestockEngine
import RestockMail
import RestockTestSupport
import Testing

/// Restocks turned into emails on a real SMTP server (aiosmtpd), on every store: what the
/// shopper receives, and what the outbox says happened.
@Suite struct DispatcherTests {
    let clock = TestClock(.now)
    let secret = SymmetricKey(data: Data("dispatcher test link secret".utf8))

    func dispatcher(
        _ store: any RestockStore, server: SMTPTestServer, rateLimit: SendRateLimit? = nil, concurrency: Int = 4,
        lease: Double = 300, clock: (@Sendable () -> Timestamp)? = nil
    ) throws -> Dispatcher {
        try dispatcher(
            store,
            transport: SMTPTransport(configuration: SMTPConfiguration(url: server.url, tls: .never, connections: 2)),
            rateLimit: rateLimit, concurrency: concurrency, lease: lease, clock: clock)
    }

    func dispatcher(
        _ store: any RestockStore, transport: any MailTransport, rateLimit: SendRateLimit? = nil, concurrency: Int = 4,
        lease: Double = 300, clock: (@Sendable () -> Timestamp)? = nil
    ) throws -> Dispatcher {
        let mailer = Mailer(
            configuration: MailerConfiguration(
                from: MailAddress(email: "shop@shop.example", displayName: "Wool & Co"),
                shop: ShopIdentity(name: "Wool & Co", address: "1 Market Street, Leeds")),
            templates: try TemplateSet(), signer: nil, transport: transport)
        return Dispatcher(
            store: store, mailer: mailer,
            configuration: DispatcherConfiguration(
                concurrency: concurrency, lease: lease, publicURL: "https://restock.shop.example",
                linkSecret: secret, rateLimit: rateLimit),
            logger: Logger(label: "test"), clock: clock ?? self.clock.function, jitter: { 0 })
    }

    /// Subscribes `emails` to `variant` (with catalog data) and brings it back in stock.
    func restock(_ store: any RestockStore, _ emails: [String], variant: String = "sku-1") async throws {
        let engine = RestockEngine(
            store: store, configuration: .init(), logger: Logger(label: "test"), clock: clock.function)
        for email in emails {
            clock.advance(seconds: 1)
            _ = try await engine.subscribe(
                SubscribeRequest(
                    email: email, variantID: variant, locale: email.hasPrefix("pl") ? "pl-PL" : nil,
                    catalog: CatalogEntry(
                        variantID: variant, productTitle: "Merino socks", variantTitle: "Size M",
                        url: "https://shop.example/p/socks", priceMinor: 1999, currency: "EUR"),
                    consent: Consent(source: "backend", at: clock.now), trusted: true))
        }
        clock.advance(seconds: 1)
        _ = try await engine.ingest(
            stock: [StockEvent(variantID: variant, change: .absolute(100), occurredAt: clock.now)], receipt: nil)
    }

    func outbox(_ store: any RestockStore) async throws -> [OutboxEntry] {
        try await store.transaction { try $0.outboxEntries(state: nil, limit: 100) }
    }

    @Test(arguments: StoreKind.enabled)
    func eachWatcherGetsTheirOwnEmailAndTheRowSaysSent(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let server = try SMTPTestServer()
            defer { server.stop() }
            try await restock(store, ["ada@example.com", "pl-jan@example.com", "zoe@example.com"])
            let round = try await dispatcher(store, server: server).dispatchOnce()
            #expect(round == Dispatcher.Round(claimed: 3, sent: 3, retried: 0, failed: 0))

            let rows = try await outbox(store)
            #expect(rows.allSatisfy { $0.state == .sent && $0.reply?.hasPrefix("250 2.0.0 Ok: queued as") == true })
            #expect(Set(rows.compactMap(\.messageID)) == Set(rows.map { "restock.\($0.id)@shop.example" }))

            let script = """
                import email, email.policy, sys
                m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
                text = m.get_body(preferencelist=("plain",)).get_content()
                # The product link is the email's tracked one, which redirects to the product page.
                print(m["To"], m["Subject"], "https://restock.shop.example/t/c/" in text and "shop.example/p/socks" not in text,
                      m["List-Unsubscribe"], sep="|")
                """
            var seen: [String: String] = [:]
            for message in try server.messages() {
                let line: String = try await PythonScript.run(script, input: message)
                let fields = line.split(separator: "|").map(String.init)
                #expect(fields.count == 4)
                seen[fields[0]] = fields[1]
                #expect(fields[2] == "True")
                // The unsubscribe link's token names this message's customer, and nobody else.
                let token = String(fields[3].dropFirst("<https://restock.shop.example/u/".count).dropLast())
                let decoded = LinkToken.decode(token, purpose: .unsubscribe, secret: secret, now: clock.now)
                let customerID = rows.first {
                    $0.messageID != nil && message.contains(Array("restock.\($0.id)@".utf8))
                }?
                .customerID
                #expect(decoded?.id == customerID)
            }
            #expect(seen["ada@example.com"] == "Merino socks is back in stock")
            #expect(seen["zoe@example.com"] == "Merino socks is back in stock")
            #expect(seen["pl-jan@example.com"] == "Merino socks jest znów w sprzedaży")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aTemporaryRefusalIsRetriedLaterAndThenDelivered(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let server = try SMTPTestServer()
            defer { server.stop() }
            try await restock(store, ["temp1@example.com"])
            let dispatcher = try dispatcher(store, server: server)
            #expect(try await dispatcher.dispatchOnce().retried == 1)
            let waiting = try #require(try await outbox(store).first)
            #expect(waiting.state == .queued)
            #expect(waiting.lastError?.contains("451") == true)
            // Jitter 0: half of the first 60 s backoff. Not due before; sent once it is.
            clock.advance(seconds: 29)
            #expect(try await dispatcher.dispatchOnce().claimed == 0)
            clock.advance(seconds: 2)
            #expect(try await dispatcher.dispatchOnce().sent == 1)
            #expect(try await outbox(store).first?.state == .sent)
            #expect(try server.messages().count == 1)
        }
    }

    /// A slow server eats the lease: once too little of it is left, the round starts no more
    /// sends, so no other dispatcher can claim a row while we are still sending it.
    @Test func sendsStopWhenTooLittleOfTheLeaseIsLeft() async throws {
        try await withStore(.sqliteMemory) { store in
            let server = try SMTPTestServer()
            defer { server.stop() }
            try await restock(store, (0..<6).map { "slow\($0)@example.com" })
            // Every reading of this dispatcher's clock moves it 4 s on: with a 20 s lease the
            // last send may start 10 s after the claim.
            let stepping = clock
            let dispatcher = try dispatcher(
                store, server: server, concurrency: 1, lease: 20,
                clock: {
                    stepping.advance(seconds: 4)
                    return stepping.now
                })
            let round = try await dispatcher.dispatchOnce()
            #expect(round.claimed == 6)
            #expect(round.sent >= 1 && round.sent < 6)
            #expect(round.leftForTheirLease == 6 - round.sent)
            #expect(try server.messages().count == round.sent)
            let rows = try await outbox(store)
            #expect(rows.filter { $0.state == .sending }.count == round.leftForTheirLease)
            // When the lease ends they are claimed again and sent.
            clock.advance(seconds: 30)
            let again = try await self.dispatcher(store, server: server).dispatchOnce()
            #expect(again.sent == round.leftForTheirLease)
            #expect(try await outbox(store).allSatisfy { $0.state == .sent })
        }
    }

    /// A lower bound only: the limit must hold back four connections that could go faster.
    @Test func theSendRateLimitHoldsAcrossConnections() async throws {
        try await withStore(.sqliteMemory) { store in
            let server = try SMTPTestServer()
            defer { server.stop() }
            try await restock(store, (0..<11).map { "shopper\($0)@example.com" })
            let dispatcher = try dispatcher(store, server: server, rateLimit: SendRateLimit(perSecond: 20))
            let started = ContinuousClock.now
            #expect(try await dispatcher.dispatchOnce().sent == 11)
            // Eleven messages at 20 per second: ten intervals of 50 ms between the first and last.
            #expect(ContinuousClock.now - started >= .milliseconds(500))
            #expect(try server.messages().count == 11)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aMailboxThatDoesNotExistFailsAndNoMoreMailGoesThere(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let server = try SMTPTestServer()
            defer { server.stop() }
            try await restock(store, ["bad@example.com"])
            let dispatcher = try dispatcher(store, server: server)
            #expect(try await dispatcher.dispatchOnce().failed == 1)
            let row = try #require(try await outbox(store).first)
            #expect(row.state == .failed)
            let customer = try await store.transaction { try $0.customer(id: row.customerID) }
            #expect(customer?.suppressedAt != nil)
            // A later restock of another variant: the row fails at once, nothing is sent.
            try await restock(store, ["bad@example.com"], variant: "sku-2")
            #expect(try await dispatcher.dispatchOnce().failed == 1)
            #expect(try server.connections() == 1)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aMessageWhoseSenderDiedIsSentAgainWithTheSameMessageID(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let server = try SMTPTestServer()
            defer { server.stop() }
            try await restock(store, ["hangup@example.com", "ada@example.com"])
            // A dispatcher that claimed both rows and died before sending anything.
            let now = clock.now
            _ = try await store.transaction {
                try $0.claimOutbox(now: now, leaseUntil: now.adding(seconds: 300), limit: 10)
            }
            let dispatcher = try dispatcher(store, server: server)
            #expect(try await dispatcher.dispatchOnce().claimed == 0)
            clock.advance(seconds: 301)
            let round = try await dispatcher.dispatchOnce()
            #expect(round.sent == 1)
            // The server took the hang-up's message but never answered: it may have been sent,
            // so the row stays `sending`, in doubt, until it is due again.
            #expect(round.retried == 1)
            let inDoubt = try #require(try await outbox(store).first { $0.state == .sending })
            #expect(inDoubt.lastError?.hasPrefix("mail transport: ambiguous") == true)
            // Due again after half of 120 s (jitter 0; the dead claim was the first attempt),
            // and sent again by whoever runs then, here a dispatcher as after a restart: a
            // receiver sees the same Message-ID twice and can drop one.
            clock.advance(seconds: 61)
            _ = try await self.dispatcher(store, server: server).dispatchOnce()
            let ids = try server.messages().filter { $0.contains(Array("hangup@example.com".utf8)) }.map { message in
                String(decoding: message, as: UTF8.self).split(whereSeparator: \.isNewline)
                    .first { $0.hasPrefix("Message-ID:") }
            }
            #expect(ids.count == 2)
            #expect(Set(ids).count == 1)
        }
    }
}

extension [UInt8] {
    func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

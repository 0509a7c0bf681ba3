import Crypto
import Curl
import Foundation
import Logging
import RestockCore
import RestockEngine
import RestockMail

/// What the mail benchmarks share: an outbox filled by a real restock, and a dispatcher that
/// drains it through the real templates, MIME composer, optional DKIM signer and SMTP client.
struct MailOutbox {
    let open: OpenStore

    /// Queues one "back in stock" email for each of `watchers` new customers of one new variant,
    /// the way a restock does (setup, not timed).
    func fill(watchers: Int, tag: String) async throws {
        let variant = "mail-\(tag)"
        let population = Population(store: open.store)
        try await open.store.transaction { tx in
            try tx.upsertCatalog(
                CatalogEntry(
                    variantID: variant, productTitle: "Merino socks", variantTitle: "Size M",
                    url: "https://shop.example/p/socks", imageURL: "https://shop.example/i/socks.jpg",
                    priceMinor: 1999, currency: "EUR"), at: .now)
        }
        let customers = try await population.customers(tag: tag, 0..<watchers)
        try await population.watches(customers.map { ($0, variant) })
        let engine = open.engine()
        let result = try await engine.ingest(
            stock: [StockEvent(variantID: variant, change: .absolute(watchers), occurredAt: .now)],
            receipt: DeliveryReceipt(source: "bench", id: tag))
        guard result.queued == watchers else { throw BenchError("queued \(result.queued), expected \(watchers)") }
    }

    func mailer(transport: any MailTransport, signer: DKIMSigner?) throws -> Mailer {
        Mailer(
            configuration: MailerConfiguration(
                from: MailAddress(email: "shop@shop.example", displayName: "Wool & Co"),
                shop: ShopIdentity(name: "Wool & Co", address: "1 Market Street, Leeds")),
            templates: try TemplateSet(), signer: signer,
            transport: transport)
    }

    func dispatcher(_ mailer: Mailer, concurrency: Int) -> Dispatcher {
        Dispatcher(
            store: open.store, mailer: mailer,
            configuration: DispatcherConfiguration(
                concurrency: concurrency, publicURL: "https://restock.shop.example",
                linkSecret: SymmetricKey(data: Data("restock-bench-link-secret".utf8))),
            logger: Logger(label: "restock-bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Rounds until the outbox is empty; returns messages sent and seconds taken.
    func drain(_ dispatcher: Dispatcher) async throws -> (sent: Int, seconds: Double) {
        var sent = 0
        let start = ContinuousClock.now
        while true {
            let round = try await dispatcher.dispatchOnce()
            guard round.claimed > 0 else { break }
            guard round.retried == 0, round.failed == 0 else {
                throw BenchError("a round retried \(round.retried) and failed \(round.failed) messages")
            }
            sent += round.sent
        }
        return (sent, (ContinuousClock.now - start).seconds)
    }

    /// One message as the dispatcher composes it, for smtp-source to send copies of.
    static func sample(_ mailer: Mailer) throws -> [UInt8] {
        let input = TemplateInput(
            kind: .backInStock, locale: "en", customerName: nil,
            items: [
                TemplateItem(
                    productTitle: "Merino socks", variantTitle: "Size M", imageURL: "https://shop.example/i/socks.jpg",
                    url: "https://shop.example/p/socks", price: Price(minor: 1999, currency: "EUR"))
            ],
            unsubscribeURL: "https://restock.shop.example/u/AQAAAAAAD0I_AcpsQH1fGz-yKaFVC47rsJfVKGo",
            confirmURL: nil, shop: mailer.configuration.shop)
        return try mailer.envelope(for: input, to: MailAddress(email: "shopper@example.com"), outboxID: 1).data
    }
}

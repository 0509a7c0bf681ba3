import Crypto
import Foundation
import Logging
import RestockCore
import RestockMail

/// How the dispatcher paces and retries.
public struct DispatcherConfiguration: Sendable {
    /// Messages in flight at once (at most the transport's connections are used usefully).
    public var concurrency: Int
    /// Rows claimed per round, at most.
    public var batchSize: Int
    /// How long a claimed row stays ours: a row still `sending` after this, because its sender
    /// died, is claimed again and re-sent with the same Message-ID.
    public var lease: Double
    public var retry: RetryPolicy
    /// The base of links in emails (`https://restock.shop.example`).
    public var publicURL: String
    /// Signs the tokens in links.
    public var linkSecret: SymmetricKey
    /// How long re-subscribe and confirm links work (unsubscribe links work for years).
    public var linkLifetime: Double
    /// Messages per second across every connection; `nil` sends as fast as the transport takes.
    public var rateLimit: SendRateLimit?

    /// Rows one round claims: the batch, or fewer when the rate limit would not let them all
    /// go within half the lease.
    public var claimLimit: Int {
        guard let rateLimit else { return batchSize }
        return max(1, min(batchSize, Int(rateLimit.perSecond * lease / 2)))
    }

    public init(
        concurrency: Int = 8, batchSize: Int = 64, lease: Double = 300, retry: RetryPolicy = RetryPolicy(),
        publicURL: String, linkSecret: SymmetricKey, linkLifetime: Double = 90 * 86_400,
        rateLimit: SendRateLimit? = nil
    ) {
        self.concurrency = max(1, concurrency)
        self.batchSize = max(1, batchSize)
        self.lease = lease
        self.retry = retry
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.linkSecret = linkSecret
        self.linkLifetime = linkLifetime
        self.rateLimit = rateLimit
    }
}

/// Sends what the outbox holds (DESIGN.md §5): claims due rows, renders and signs each, hands
/// it to the transport and writes the outcome back as a row. The database is the queue and the
/// checkpoint: after a crash the next round picks up from rows, `sending` ones once their lease
/// ends.
public struct Dispatcher: Sendable {
    let store: any RestockStore
    let mailer: Mailer
    let configuration: DispatcherConfiguration
    let logger: Logger
    let clock: @Sendable () -> Timestamp
    let jitter: @Sendable () -> Double

    public init(
        store: any RestockStore, mailer: Mailer, configuration: DispatcherConfiguration, logger: Logger,
        clock: @escaping @Sendable () -> Timestamp = { .now },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.store = store
        self.mailer = mailer
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.jitter = jitter
    }

    /// What one round did.
    public struct Round: Sendable, Hashable {
        public var claimed = 0
        public var sent = 0
        public var retried = 0
        public var failed = 0
        /// Claimed rows not started because their lease was running out (a slow server): they
        /// stay `sending` and are claimed again when the lease ends.
        public var leftForTheirLease = 0

        public init(claimed: Int = 0, sent: Int = 0, retried: Int = 0, failed: Int = 0) {
            self.claimed = claimed
            self.sent = sent
            self.retried = retried
            self.failed = failed
        }
    }

    /// Claims one batch and delivers it, `concurrency` messages at a time; returns when every
    /// claimed row has its outcome written.
    @discardableResult
    public func dispatchOnce() async throws -> Round {
        let now = clock()
        let lease = now.adding(seconds: configuration.lease)
        let limit = configuration.claimLimit
        let claimed = try await store.transaction { tx in try tx.claimOutbox(now: now, leaseUntil: lease, limit: limit)
        }
        // A send is started only while enough of the lease is left for it to finish: once the
        // lease ends another dispatcher may claim the row, and both would send it.
        let lastStart = lease.adding(seconds: -min(90, configuration.lease / 2))
        var round = Round(claimed: claimed.count)
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            var pending = claimed[...]
            func startNext() {
                guard !pending.isEmpty else { return }
                guard clock() < lastStart else {
                    round.leftForTheirLease = pending.count
                    pending = []
                    return
                }
                let entry = pending.removeFirst()
                group.addTask { try await deliver(entry) }
            }
            for _ in 0..<configuration.concurrency { startNext() }
            while let outcome = try await group.next() {
                switch outcome {
                case .sent: round.sent += 1
                case .retried: round.retried += 1
                case .failed: round.failed += 1
                }
                startNext()
            }
        }
        return round
    }

    enum Outcome { case sent, retried, failed }

    /// One row: render, send, and write what happened. Store errors propagate (the row stays
    /// `sending` and is retried when its lease ends); every mail outcome becomes a row state.
    func deliver(_ entry: OutboxEntry) async throws -> Outcome {
        let now = clock()
        let content = try await store.transaction { tx in try Self.content(of: entry, tx: tx) }
        guard let content, content.customer.suppressedAt == nil else {
            _ = try await store.transaction { tx in
                try tx.markOutboxFailed(id: entry.id, error: "suppressed or unknown customer", at: now)
            }
            return .failed
        }
        let input = templateInput(entry, content, now: now)
        let recipient = MailAddress(email: content.customer.email, displayName: content.customer.name)
        do {
            let envelope = try mailer.envelope(for: input, to: recipient, outboxID: entry.id)
            try await configuration.rateLimit?.acquire()
            let reply = try await mailer.transport.send(envelope)
            let text = "\(reply.code) \(reply.text)"
            _ = try await store.transaction { tx in
                try tx.markOutboxSent(id: entry.id, messageID: envelope.messageID, reply: text, at: self.clock())
            }
            logger.debug("sent", metadata: ["restock.outbox.id": "\(entry.id)"])
            return .sent
        } catch let error as TransportError {
            let decision = configuration.retry.decide(
                error.kind, attempts: entry.attempts, queuedAt: entry.createdAt, now: clock(), jitter: jitter())
            let detail = String(reflecting: error)
            let at = clock()
            switch decision {
            case .retry(let retryAt) where error.kind == .ambiguous:
                // It may have been sent: the row stays `sending`, and is sent again with the
                // same Message-ID when due, so it is never lost (README, "How the outbox is sent").
                _ = try await store.transaction { tx in
                    try tx.markOutboxInDoubt(id: entry.id, retryAt: retryAt, error: detail, at: at)
                }
                logger.warning(
                    "delivery in doubt", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
                return .retried
            case .retry(let retryAt):
                _ = try await store.transaction { tx in
                    try tx.markOutboxRetry(id: entry.id, retryAt: retryAt, error: detail, at: at)
                }
                logger.info("delivery deferred", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
                return .retried
            case .fail(let suppress):
                _ = try await store.transaction { tx in
                    _ = try tx.markOutboxFailed(id: entry.id, error: detail, at: at)
                    if suppress { try tx.suppressCustomer(id: entry.customerID, at: at) }
                }
                logger.warning("delivery failed", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
                return .failed
            }
        } catch {
            // The message could not even be made (a header value refused): retrying makes the
            // same message, so give up and say why.
            let detail = String(reflecting: error)
            _ = try await store.transaction { tx in
                try tx.markOutboxFailed(id: entry.id, error: detail, at: self.clock())
            }
            logger.error("message not composed", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
            return .failed
        }
    }

    /// Ten years.
    static let unsubscribeLinkLifetime: Double = 10 * 365 * 86_400

    /// What an email shows, read in one transaction.
    struct Content: Sendable {
        var customer: Customer
        var locale: String?
        var catalog: [String: CatalogEntry]
    }

    static func content(of entry: OutboxEntry, tx: any StoreTransaction) throws -> Content? {
        guard let customer = try tx.customer(id: entry.customerID) else { return nil }
        var catalog: [String: CatalogEntry] = [:]
        for variant in Set(entry.items.map(\.variantID)) {
            catalog[variant] = try tx.catalog(variant: variant)
        }
        let watchLocale = try entry.items.first.flatMap { try tx.watch(id: $0.watchID)?.locale }
        return Content(customer: customer, locale: watchLocale ?? customer.locale, catalog: catalog)
    }

    func templateInput(_ entry: OutboxEntry, _ content: Content, now: Timestamp) -> TemplateInput {
        func link(_ route: String, _ purpose: LinkToken.Purpose, _ id: Int64) -> String {
            // An unsubscribe link must keep working as long as someone may open the email: a
            // dead one leaves the recipient only the spam button.
            let lifetime = purpose == .unsubscribe ? Self.unsubscribeLinkLifetime : configuration.linkLifetime
            let token = LinkToken(purpose: purpose, id: id, expiresAt: now.adding(seconds: lifetime)).encoded(
                secret: configuration.linkSecret)
            return "\(configuration.publicURL)/\(route)/\(token)"
        }
        let items = entry.items.map { item in
            let product = content.catalog[item.variantID]
            return TemplateItem(
                productTitle: product?.productTitle ?? item.variantID, variantTitle: product?.variantTitle,
                imageURL: product?.imageURL, url: product?.url,
                price: product.flatMap { product in
                    product.priceMinor.flatMap { minor in product.currency.map { Price(minor: minor, currency: $0) } }
                },
                resubscribeURL: entry.kind == .soldOutAgain ? link("r", .resubscribe, item.watchID) : nil)
        }
        return TemplateInput(
            kind: entry.kind, locale: content.locale, customerName: content.customer.name, items: items,
            unsubscribeURL: link("u", .unsubscribe, entry.customerID),
            confirmURL: entry.items.first.map { link("c", .confirm, $0.watchID) }, shop: mailer.configuration.shop)
    }
}

import Foundation
import Logging
import RestockCore
import RestockMail
import ServiceLifecycle

extension Dispatcher {
    /// One row: render, send, and record what happened. Store errors propagate (the row stays
    /// `sending` and is retried when its lease ends); every mail outcome becomes a row state.
    /// Whether the send reached the message itself (an answer about it, good or bad) or met a
    /// fault of the path goes to ``PathHealth``, with `now` as the time the send started.
    func deliver(_ entry: OutboxEntry, _ content: DispatchContent?) async throws -> Outcome {
        let now = clock()
        let key = StatsKey(
            kind: entry.kind.rawValue,
            language: StatsIncrement.language(watchLocale: content?.locale, customerLocale: nil),
            variantID: entry.items.first?.variantID ?? "")
        func failedStats(_ at: Timestamp) -> [StatsIncrement] {
            [key.increment(.sent, at: at), key.increment(.failed, at: at)]
        }
        guard let content, content.customer.suppressedAt == nil else {
            try await record(
                .failed(
                    id: entry.id, token: entry.leaseToken, error: "suppressed or unknown customer", at: now,
                    stats: failedStats(now)),
                for: entry)
            return .failed
        }
        let gate = try await gated(entry, content, now: now)
        guard case .send(let entry) = gate else { return gate.outcome }
        let input = templateInput(entry, content, now: now)
        let recipient = MailAddress(email: content.customer.email, displayName: content.customerName)
        do {
            let envelope = try mailer.envelope(for: input, to: recipient, outboxID: entry.id)
            if let rateLimit = configuration.rateLimit {
                // A wait for the send rate ends when the daemon stops: the message goes back
                // unsent, no attempt counted, instead of holding the drain for its turn.
                try? await cancelWhenGracefulShutdown { try await rateLimit.acquire() }
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    try await record(
                        .requeue(id: entry.id, token: entry.leaseToken, dueAt: now, error: nil, at: clock()), for: entry
                    )
                    return .putBack
                }
            }
            let reply = try await mailer.transport.send(envelope)
            let sentAt = clock()
            var stats = [key.increment(.sent, at: sentAt), key.increment(.delivered, at: sentAt)]
            if entry.kind == .backInStock {
                let waited = Double(sentAt.microseconds - entry.createdAt.microseconds) / 1_000_000
                stats.append(key.increment(StatsMetric.latency(seconds: waited), at: sentAt))
            }
            try await record(
                .sent(
                    SentMark(
                        id: entry.id, token: entry.leaseToken, messageID: envelope.messageID,
                        reply: "\(reply.code) \(reply.text)", at: sentAt),
                    followUpAt: WatchLifecycle.checksPurchase(afterSending: entry.kind)
                        ? sentAt.adding(seconds: configuration.followUpAfter) : nil,
                    stats: stats),
                for: entry)
            pathEvent(.pathWorked(startedAt: now))
            logger.debug("sent", metadata: ["restock.outbox.id": "\(entry.id)"])
            return .sent
        } catch let error as TransportError {
            let decision = configuration.retry.decide(
                error.kind, attempts: entry.attempts, deferredSince: entry.deferredSince, now: clock(),
                jitter: jitter())
            let detail = String(reflecting: error)
            let at = clock()
            if error.kind != .ambiguous, error.pathFault == nil { pathEvent(.pathWorked(startedAt: now)) }
            switch decision {
            case .putBack:
                let fault = error.pathFault ?? PathFault(.connection, code: error.code)
                metrics.pathFault(fault.reason)
                let dueAt: Timestamp =
                    switch pathEvent(.pathFailed(fault, startedAt: now, at: at)) {
                    case .pause(_, let until), .putBack(let until): until
                    default: at
                    }
                try await record(
                    .requeue(id: entry.id, token: entry.leaseToken, dueAt: dueAt, error: detail, at: at), for: entry)
                logger.info("delivery put back", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
                return .putBack
            case .retry(let retryAt) where error.kind == .ambiguous:
                // It may have been sent: the row stays `sending`, and is sent again with the
                // same Message-ID when due, so it is never lost (README, "How the outbox is sent").
                try await record(
                    .inDoubt(id: entry.id, token: entry.leaseToken, retryAt: retryAt, error: detail, at: at), for: entry
                )
                logger.warning(
                    "delivery in doubt", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
                return .retried
            case .retry(let retryAt):
                try await record(
                    .retry(id: entry.id, token: entry.leaseToken, retryAt: retryAt, error: detail, at: at), for: entry)
                logger.info("delivery deferred", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
                return .retried
            case .fail(let suppress):
                try await record(
                    .failed(
                        id: entry.id, token: entry.leaseToken, error: detail, at: at,
                        suppressCustomer: suppress ? entry.customerID : nil, stats: failedStats(at)),
                    for: entry)
                logger.warning("delivery failed", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
                return .failed
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // The message could not even be made (a header value refused): retrying makes the
            // same message, so give up and say why.
            let detail = String(reflecting: error)
            let at = clock()
            try await record(
                .failed(id: entry.id, token: entry.leaseToken, error: detail, at: at, stats: failedStats(at)),
                for: entry)
            logger.error("message not composed", metadata: ["restock.outbox.id": "\(entry.id)", "error": "\(error)"])
            return .failed
        }
    }

    /// Ten years; tracking links last as long, since an email can be opened years later.
    static let unsubscribeLinkLifetime: Double = 10 * 365 * 86_400

    func templateInput(_ entry: OutboxEntry, _ content: DispatchContent, now: Timestamp) -> TemplateInput {
        /// `route` is the path before the token: `u`, `r`, `c`, or `t/o` and `t/c` for tracking.
        func link(_ route: String, _ purpose: LinkToken.Purpose, _ id: Int64) -> String {
            // An unsubscribe link must keep working as long as someone may open the email: a
            // dead one leaves the recipient only the spam button. Tracking links last as long.
            let lifetime =
                [.unsubscribe, .open, .click].contains(purpose)
                ? Self.unsubscribeLinkLifetime : configuration.linkLifetime
            let token = LinkToken(purpose: purpose, id: id, expiresAt: now.adding(seconds: lifetime)).encoded(
                secret: configuration.linkSecret)
            return "\(configuration.publicURL)/\(route)/\(token)"
        }
        let items = entry.items.map { item in
            let product = content.catalog[item.variantID] ?? nil
            return TemplateItem(
                productTitle: product?.productTitle
                    ?? SafeText.line(item.variantID, maxLength: ExternalID.maxLength),
                variantTitle: product?.variantTitle,
                imageURL: product?.imageURL,
                url: content.links[item.variantID].map { link("t/c", .click, $0) } ?? product?.url,
                price: product.flatMap { product in
                    product.priceMinor.flatMap { minor in product.currency.map { Price(minor: minor, currency: $0) } }
                },
                resubscribeURL: entry.kind == .soldOutAgain ? link("r", .resubscribe, item.watchID) : nil)
        }
        return TemplateInput(
            kind: entry.kind, locale: content.locale, customerName: content.customerName, items: items,
            unsubscribeURL: link("u", .unsubscribe, entry.customerID),
            confirmURL: entry.items.first.map { link("c", .confirm, $0.watchID) },
            openPixelURL: configuration.tracking ? link("t/o", .open, entry.id) : nil, shop: mailer.configuration.shop)
    }
}

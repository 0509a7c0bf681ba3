import Crypto
import Foundation
import RestockCore

extension IngestPipeline {
    static let reversingStatuses: Set<String> = ["cancelled", "refunded"]

    /// One order, inside its group commit: stored; if it is new and not already cancelled, its
    /// lines credited (``AttributionPolicy``) and the customer's notified watches on what it
    /// buys converted, their queued "sold out again" mail cancelled; if it is cancelled or
    /// refunded, its credits taken back. A repeat delivery of a known order only moves its status.
    func applyOrder(_ order: OrderEvent, tx: any StoreTransaction, now: Timestamp, work: inout TransactionWork)
        throws
    {
        if let lines = try partiallyRefundedLines(order, tx: tx) {
            // The order stands: only the refunded lines' credit goes, and its status stays.
            try reverse(order, lines: lines, tx: tx, now: now)
            return
        }
        let isNew = try tx.saveOrder(order, at: now)
        if Self.reversingStatuses.contains(order.status) {
            try reverse(order, lines: nil, tx: tx, now: now)
            return
        }
        guard isNew else { return }
        var watches: [Watch] = []
        if let email = order.email, let customer = try tx.customer(email: email) {
            for variant in Set(order.lines.map(\.variantID)).sorted() {
                if let watch = try tx.liveWatch(customerID: customer.id, variantID: variant) { watches.append(watch) }
            }
        }
        let policy = configuration.attribution
        let touches = try tx.touches(
            watchIDs: watches.map(\.id),
            since: order.occurredAt.adding(seconds: -max(policy.clickWindow, policy.openWindow)),
            until: order.occurredAt)
        let credits = policy.attribute(
            order, direct: try direct(order, tx: tx, now: now), touches: touches,
            watchVariant: Dictionary(uniqueKeysWithValues: watches.map { ($0.id, $0.variantID) }), at: now)
        work.attributed += try tx.saveAttributions(credits)
        try tx.addStats(try revenue(credits, sign: 1, tx: tx))

        var converted: [Watch] = []
        var effects = WatchEffects()
        for var watch in watches where watch.state == .notified {
            try effects.apply(.purchased, to: &watch, cycleID: watch.cycleID, now: now, work: &work)
            converted.append(watch)
        }
        try effects.execute(tx, now: now)
        if !converted.isEmpty {
            try tx.addStats(try StatsKeys.conversions(converted, at: now, tx: tx))
            work.converted += converted.count
        }
    }

    /// Takes back the order's credits (of `lines` only, when given). The revenue leaves the
    /// rollups on the day it was credited, so past days show what their emails finally earned.
    private func reverse(_ order: OrderEvent, lines: [Int]?, tx: any StoreTransaction, now: Timestamp) throws {
        let credited = try tx.attributions(source: order.source, orderID: order.orderID).filter {
            $0.reversedAt == nil && (lines?.contains($0.lineNo) ?? true)
        }
        _ = try tx.reverseAttributions(source: order.source, orderID: order.orderID, lines: lines, at: now)
        try tx.addStats(try revenue(credited, sign: -1, tx: tx))
    }

    /// A refund that names lines (a Shopify refund lists what it refunds) and leaves some of a
    /// known order's lines untouched is partial: the numbers of the stored lines whose
    /// variants it refunds. `nil` for anything else, a refund of every line included. A
    /// refunded line loses all its credit even when only some of its units came back: the
    /// credit is per line.
    private func partiallyRefundedLines(_ order: OrderEvent, tx: any StoreTransaction) throws -> [Int]? {
        guard order.status == "refunded", !order.lines.isEmpty,
            let stored = try tx.order(source: order.source, orderID: order.orderID),
            !Self.reversingStatuses.contains(stored.status)
        else { return nil }
        let refunded = Set(order.lines.map(\.variantID))
        let lines = stored.lines.indices.filter { refunded.contains(stored.lines[$0].variantID) }.map { $0 + 1 }
        return lines.count < stored.lines.count ? lines : nil
    }

    /// Each credit's revenue under its email's key, on the day it was credited.
    private func revenue(_ credits: [Attribution], sign: Int64, tx: any StoreTransaction) throws -> [StatsIncrement] {
        try credits.compactMap { credit in
            try StatsKeys.email(outboxID: credit.outboxID, tx: tx)?.increment(
                StatsMetric.revenue(credit.model, credit.currency), at: credit.createdAt,
                by: credit.amountMinor.multipliedClamped(by: sign))
        }
    }

    /// The email the order's attribution parameter names, if it is one of ours and still valid.
    private func direct(_ order: OrderEvent, tx: any StoreTransaction, now: Timestamp) throws
        -> AttributionPolicy.Direct?
    {
        guard let carried = order.attribution, configuration.linkSecret.utf8.count >= 16 else { return nil }
        let text = AttributionPolicy.token(in: carried, parameter: configuration.attributionParameter)
        let secret = SymmetricKey(data: Data(configuration.linkSecret.utf8))
        guard let token = LinkToken.decode(text, purpose: .attribution, secret: secret, now: now),
            let link = try tx.link(id: token.id), let entry = try tx.outboxEntry(id: link.outboxID)
        else { return nil }
        return AttributionPolicy.Direct(outboxID: entry.id, variants: Set(entry.items.map(\.variantID)))
    }
}

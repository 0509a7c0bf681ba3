import Foundation
import RestockCore
import RestockEngine

/// One populated store for `event-scaling`: `total` live watches, of which `touched` variants
/// (plus one for warming up) have exactly `watchersPerVariant` watchers each and the rest is
/// background, 10 watches per background variant and per customer.
///
/// Watch ids follow insertion order, and the touched variants' watches are spread evenly through
/// it, as they would be in a shop where subscriptions arrive over months. Clustering them at the
/// start would let the large store read them from a few hot pages and flatter it.
final class ScalingFixture {
    let open: OpenStore
    let engine: RestockEngine
    let touched: [String]
    let warmUp: String
    let watchersPerVariant: Int
    /// Live watches in the store after populating it: the size the figure is labelled with.
    let totalWatches: Int
    /// Event times: strictly increasing, so no event is dropped as stale by the watermark.
    private var clock = Timestamp.now.microseconds
    private var deliveries = 0
    private let tag = UUID().uuidString.prefix(6)

    private init(
        open: OpenStore, engine: RestockEngine, touched: [String], warmUp: String, watchersPerVariant: Int,
        totalWatches: Int
    ) {
        self.open = open
        self.engine = engine
        self.touched = touched
        self.warmUp = warmUp
        self.watchersPerVariant = watchersPerVariant
        self.totalWatches = totalWatches
    }

    static func populate(
        _ open: OpenStore, total: Int, touchedVariants: Int, watchersPerVariant: Int
    ) async throws -> ScalingFixture {
        let touched = (0..<touchedVariants).map { "hot-\($0)" }
        let warmUp = "hot-warm-up"
        let hot = touched + [warmUp]
        let hotWatches = hot.count * watchersPerVariant
        // Background: `variants` variants × 10 watches, from `variants` customers × 10 watches.
        let variants = max(0, total - hotWatches) / 10
        let customerCount = max(variants, watchersPerVariant)
        Report.progress("event-scaling: inserting \(customerCount) customers and \(hotWatches + variants * 10) watches")
        let population = Population(store: open.store)
        let customers = try await population.customers(tag: "scaling", 0..<customerCount)

        var pairs: [(customerID: Int64, variantID: String)] = []
        pairs.reserveCapacity(hotWatches + variants * 10)
        var nextHot = 0
        let background = variants * 10
        for j in 0..<max(background, 1) {
            // Hot watch k goes in at background position k × background / hotWatches.
            while nextHot < hotWatches && (background == 0 || nextHot * background / hotWatches <= j) {
                pairs.append((customers[nextHot / hot.count], hot[nextHot % hot.count]))
                nextHot += 1
            }
            guard j < background else { break }
            // Customer c watches 10 variants (c + s·7919) mod variants: distinct for s in 0..<10
            // (7919 is prime), and each variant gets exactly one watch per s, so 10 in all.
            let (c, s) = j.quotientAndRemainder(dividingBy: 10)
            pairs.append((customers[c], "bg-\((c + s * 7919) % variants)"))
        }
        try await population.watches(pairs)

        let live = try await open.store.transaction { try $0.counts().liveWatches }
        return ScalingFixture(
            open: open, engine: open.engine(), touched: touched, warmUp: warmUp, watchersPerVariant: watchersPerVariant,
            totalWatches: live)
    }

    /// Times `rounds` rounds of one back-in-stock and one sold-out event per touched variant and
    /// returns microseconds per event: (restock, soldOut).
    ///
    /// After the first restock a variant's watchers are all `notified` (and their emails are
    /// recorded as sent), and after the sold-out event `sold_out_again`, so a second restock would find nobody and do far less. Between
    /// rounds (untimed) each watcher therefore follows its re-subscribe link — the lifecycle's
    /// own `resubscribe` event, saved through `saveWatches` — and is `watching` again in its
    /// original place. Every timed event then does the same work: a wave of `watchersPerVariant`
    /// or a close that tells as many, and the same number of outbox rows.
    func measure(rounds: Int) async throws -> (restock: Double, soldOut: Double) {
        _ = try await cycle(warmUp)
        try await resubscribe([warmUp])
        var restock = Duration.zero
        var soldOut = Duration.zero
        for _ in 0..<rounds {
            for variant in touched {
                let times = try await cycle(variant)
                restock += times.restock
                soldOut += times.soldOut
            }
            try await resubscribe(touched)
        }
        let events = Double(rounds * touched.count)
        return (restock.seconds * 1e6 / events, soldOut.seconds * 1e6 / events)
    }

    /// One back-in-stock and one sold-out event on `variant`, each timed on its own, with the
    /// back-in-stock emails recorded as sent in between (untimed).
    private func cycle(_ variant: String) async throws -> (restock: Duration, soldOut: Duration) {
        let restock = try await timedIngest(variant, level: watchersPerVariant * 10)
        try await markQueuedSent()
        let soldOut = try await timedIngest(variant, level: 0)
        return (restock, soldOut)
    }

    /// Records every queued email as sent, as a dispatcher would. A sell-out tells "sold out
    /// again" only to watchers whose back-in-stock email was sent, and withdraws one still
    /// queued: without this, the timed sell-out would tell nobody.
    private func markQueuedSent() async throws {
        try await open.store.transaction { tx in
            let now = Timestamp.now
            while true {
                let claimed = try tx.claimOutbox(now: now, leaseUntil: now.adding(seconds: 3_600), limit: 10_000)
                guard !claimed.isEmpty else { break }
                _ = try tx.markOutboxSent(
                    claimed.map {
                        SentMark(
                            id: $0.id, token: $0.leaseToken, messageID: "bench.\($0.id)@bench.example", reply: "250",
                            at: now)
                    })
            }
        }
    }

    private func timedIngest(_ variant: String, level: Int) async throws -> Duration {
        clock += 1
        deliveries += 1
        let event = StockEvent(variantID: variant, change: .absolute(level), occurredAt: Timestamp(microseconds: clock))
        let receipt = DeliveryReceipt(source: "bench", id: "\(tag)-\(deliveries)")
        let start = ContinuousClock.now
        let result = try await engine.ingest(stock: [event], receipt: receipt)
        let elapsed = ContinuousClock.now - start
        guard result.queued == watchersPerVariant else {
            throw BenchError(
                "event on \(variant) (level \(level)) queued \(result.queued), expected \(watchersPerVariant)")
        }
        return elapsed
    }

    private func resubscribe(_ variants: [String]) async throws {
        let expected = watchersPerVariant
        try await open.store.transaction { tx in
            let now = Timestamp.now
            for variant in variants {
                var page = try tx.watches(variantID: variant, state: .soldOutAgain, afterPosition: nil, limit: expected)
                guard page.count == expected else {
                    throw BenchError("\(variant) has \(page.count) sold-out-again watchers, expected \(expected)")
                }
                for i in page.indices { try page[i].apply(.resubscribe, at: now) }
                try tx.saveWatches(page)
            }
        }
    }
}

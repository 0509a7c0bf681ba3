import Curl
import Foundation
import Logging
import RestockCore
import Synchronization

/// Polls one product feed: a conditional GET (a 304 costs nothing and parses nothing), the body
/// parsed as it streams in, and only the items someone watches kept past a set lookup (the
/// watched variants, read from the store before the download). After the download, those
/// items' catalog data is refreshed and their availability reconciled with the ledger
/// (``FeedReconciliation``) in one ingest; watched variants the feed no longer lists are marked
/// removed, which is not sold out.
///
/// Everything it remembers between polls is in `feed_polls`, so daemons sharing a store share
/// it: the validators, and the time of the last poll, which ``pollIfDue()`` claims so that one
/// daemon of several polls each interval (docs/ARCHITECTURE.md §1).
public struct FeedPoller: Sendable {
    let engine: RestockEngine
    let configuration: FeedConfiguration
    let fetcher: HTTPFetcher
    let logger: Logger

    public init(engine: RestockEngine, configuration: FeedConfiguration, logger: Logger) {
        self.engine = engine
        self.configuration = configuration
        self.fetcher = HTTPFetcher(label: "curl.feed")
        self.logger = logger
    }

    /// Polls unless a daemon sharing the store polled less than an interval ago (a tenth of it is
    /// left as slack for the timers' jitter), claiming the poll in the same transaction that reads
    /// what the last one left. `nil` when it was not due.
    public func pollIfDue() async throws -> FeedPollSummary? {
        let url = configuration.url
        let now = engine.clock()
        let (seconds, attoseconds) = configuration.interval.components
        let lastPolledBy = now.adding(seconds: -(Double(seconds) + Double(attoseconds) / 1e18) * 0.9)
        let (claimed, previous, watched) = try await engine.store.transaction { tx in
            let previous = try tx.feedPoll(url: url)
            guard try tx.claimFeedPoll(url: url, at: now, lastPolledBy: lastPolledBy) else {
                return (false, previous, [String]())
            }
            return (true, previous, try tx.watchedVariants())
        }
        guard claimed else {
            logger.debug(
                "feed poll not due: polled by this or another daemon",
                metadata: ["restock.feed.polled_at": "\(previous.map { "\($0.polledAt)" } ?? "-")"])
            return nil
        }
        return try await poll(previous: previous, watched: watched, startedAt: now)
    }

    /// Polls now, whenever the last poll was: for tests and benchmarks, which call it in a row.
    public func poll() async throws -> FeedPollSummary {
        let url = configuration.url
        let (previous, watched) = try await engine.store.transaction { tx in
            (try tx.feedPoll(url: url), try tx.watchedVariants())
        }
        return try await poll(previous: previous, watched: watched, startedAt: engine.clock())
    }

    private func poll(previous: FeedPollState?, watched: [String], startedAt: Timestamp) async throws
        -> FeedPollSummary
    {
        let url = configuration.url
        let watched = Set(watched)
        let reading = Mutex(FeedReading(watched: watched))
        let fetched = try await fetcher.get(url, etag: previous?.etag, lastModified: previous?.lastModified) { bytes in
            try reading.withLock { try $0.consume(bytes) }
        }
        let now = engine.clock()
        if fetched.notModified {
            try await savePoll(
                url, fetched, previous: previous, items: previous?.items ?? 0, changed: false,
                at: (startedAt, now))
            return FeedPollSummary(notModified: true)
        }
        guard (200..<300).contains(fetched.status) else {
            throw FeedPollError(message: "\(CurlURL.loggable(url)) answered HTTP \(fetched.status)")
        }
        let result = try reading.withLock { reading -> FeedReading in
            try reading.finish()
            return reading
        }
        // The feed host's clock is believed only up to ours: a `Last-Modified` in the future (a
        // wrong clock, or year 9999) would date its levels after every webhook still to come,
        // and freeze those variants' stock against them.
        let time = min(fetched.lastModified.flatMap { Timestamp(rfc5322: $0) } ?? now, now)
        var summary = try await reconcile(result, at: time)
        summary.bytes = fetched.bytes
        try await savePoll(url, fetched, previous: previous, items: result.items, changed: true, at: (startedAt, now))
        logger.info(
            "feed polled",
            metadata: [
                "restock.feed.items": "\(summary.items)", "restock.feed.watched": "\(summary.watched)",
                "restock.feed.events": "\(summary.stockEvents)", "restock.feed.removed": "\(summary.removed)",
            ])
        return summary
    }

    /// Corrects the ledger where the feed disagrees, refreshes the catalog of watched items and
    /// marks watched variants the feed no longer lists.
    func reconcile(_ reading: FeedReading, at time: Timestamp) async throws -> FeedPollSummary {
        let found = reading.found
        let ids = found.keys.sorted()
        let missing = reading.watched.subtracting(found.keys).sorted()
        let reconciliation = configuration.reconciliation
        let snapshot = try await engine.store.transaction { tx -> StockSnapshot in
            try tx.markVariantsRemoved(missing, at: time)
            try tx.markVariantsRemoved(ids, at: nil)
            return try tx.stockSnapshot(variants: ids)
        }
        var events: [StockEvent] = []
        var catalog: [CatalogEntry] = []
        for id in ids {
            let item = found[id]!
            events += reconciliation.events(for: item, levels: snapshot.levels[id] ?? [], at: time)
            let entry = CatalogEntry(
                variantID: id, productTitle: item.title, url: item.link, imageURL: item.imageLink,
                priceMinor: item.priceMinor, currency: item.currency)
            if entry.hasDetails { catalog.append(entry) }
        }
        var queued = 0
        if !events.isEmpty || !catalog.isEmpty {
            queued = try await engine.ingest(stock: events, catalog: catalog, receipt: nil).queued
        }
        return FeedPollSummary(
            notModified: false, items: reading.items, watched: ids.count, stockEvents: events.count,
            catalogUpdates: catalog.count, removed: missing.count, queued: queued)
    }

    /// `polled_at` is when the poll started (its claim), so the next claim measures the interval
    /// from tick to tick, whatever the download took.
    private func savePoll(
        _ url: String, _ fetched: HTTPFetchResult, previous: FeedPollState?, items: Int, changed: Bool,
        at times: (started: Timestamp, now: Timestamp)
    ) async throws {
        let state = FeedPollState(
            url: url, etag: fetched.etag ?? (changed ? nil : previous?.etag),
            lastModified: fetched.lastModified ?? (changed ? nil : previous?.lastModified), polledAt: times.started,
            changedAt: changed ? times.now : previous?.changedAt, items: items)
        try await engine.store.transaction { tx in try tx.saveFeedPoll(state) }
    }
}

/// One download's parse state, fed from the transfer thread: the parser and the watched items
/// found so far. Unwatched items cost a set lookup and are dropped at once, so memory follows
/// the watched items, not the feed.
struct FeedReading: Sendable {
    let watched: Set<String>
    var parser = FeedParser()
    var found: [String: FeedItem] = [:]
    var items = 0

    init(watched: Set<String>) { self.watched = watched }

    mutating func consume(_ bytes: [UInt8]) throws {
        take(try parser.consume(bytes))
    }

    mutating func finish() throws {
        take(try parser.finish())
    }

    private mutating func take(_ parsed: [FeedItem]) {
        items += parsed.count
        for item in parsed where watched.contains(item.id) { found[item.id] = item }
    }
}

/// A poll that got an answer other than a feed.
public struct FeedPollError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

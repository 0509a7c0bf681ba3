import Curl
import Foundation
import Logging
import RestockCore
import Synchronization

/// Polls one product feed: a conditional GET (a 304 costs nothing and parses nothing), the body
/// parsed as it streams in, and only the items someone watches kept past a lookup in the watch
/// index. After the download, those items' catalog data is refreshed and their availability
/// reconciled with the ledger (``FeedReconciliation``) in one ingest; watched variants the feed
/// no longer lists are marked removed, which is not sold out.
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

    public func poll() async throws -> FeedPollSummary {
        let url = configuration.url
        let previous = try await engine.store.transaction { tx in try tx.feedPoll(url: url) }
        let watched = Set(engine.watchedVariants())
        let reading = Mutex(FeedReading(watched: watched))
        let fetched = try await fetcher.get(url, etag: previous?.etag, lastModified: previous?.lastModified) { bytes in
            try reading.withLock { try $0.consume(bytes) }
        }
        let now = engine.clock()
        if fetched.notModified {
            try await savePoll(url, fetched, previous: previous, items: previous?.items ?? 0, changed: false, now: now)
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
        try await savePoll(url, fetched, previous: previous, items: result.items, changed: true, now: now)
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

    private func savePoll(
        _ url: String, _ fetched: HTTPFetchResult, previous: FeedPollState?, items: Int, changed: Bool, now: Timestamp
    ) async throws {
        let state = FeedPollState(
            url: url, etag: fetched.etag ?? (changed ? nil : previous?.etag),
            lastModified: fetched.lastModified ?? (changed ? nil : previous?.lastModified), polledAt: now,
            changedAt: changed ? now : previous?.changedAt, items: items)
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

import RestockCore

/// The polled product feed (Google Merchant RSS, Atom or tab-separated). Keys (read in
/// `restockd`, `FeedConfiguration+ConfigReader.swift`):
/// - `restock.feed.url` (string, default unset = no polling): `http://`, `https://` or `file://`.
/// - `restock.feed.intervalSeconds` (int, default 900): time between polls.
/// - `restock.feed.inStockQuantity` (int, default 100): the level an "in stock" item gets when
///   the ledger thinks it is out (a feed gives no count; waves pace on it).
/// - `restock.feed.preorderAvailable`, `restock.feed.backorderAvailable` (bool, default false):
///   whether `preorder` and `backorder` items count as purchasable.
public struct FeedConfiguration: Sendable, Equatable {
    public var url: String
    public var interval: Duration
    public var reconciliation: FeedReconciliation

    public init(url: String, interval: Duration = .seconds(900), reconciliation: FeedReconciliation) {
        self.url = url
        self.interval = interval
        self.reconciliation = reconciliation
    }
}

/// What one poll did, for logs, STATUS and tests.
public struct FeedPollSummary: Sendable, Hashable, Codable {
    /// The server answered 304: nothing was downloaded or parsed.
    public var notModified: Bool
    public var bytes: Int
    /// Items parsed, and those of them someone watches.
    public var items: Int
    public var watched: Int
    /// Stock events the disagreements produced, and catalog entries refreshed.
    public var stockEvents: Int
    public var catalogUpdates: Int
    /// Watched variants the feed no longer lists (not treated as sold out).
    public var removed: Int
    /// Emails the poll's restocks queued.
    public var queued: Int

    public init(
        notModified: Bool, bytes: Int = 0, items: Int = 0, watched: Int = 0, stockEvents: Int = 0,
        catalogUpdates: Int = 0, removed: Int = 0, queued: Int = 0
    ) {
        self.notModified = notModified
        self.bytes = bytes
        self.items = items
        self.watched = watched
        self.stockEvents = stockEvents
        self.catalogUpdates = catalogUpdates
        self.removed = removed
        self.queued = queued
    }
}

/// What the last poll of one feed URL left behind: the validators the next request sends, so an
/// unchanged feed costs a 304 and no parsing.
public struct FeedPollState: Hashable, Sendable {
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var polledAt: Timestamp
    /// When the feed last answered with a body (200).
    public var changedAt: Timestamp?
    /// Items the last full parse read.
    public var items: Int

    public init(
        url: String, etag: String?, lastModified: String?, polledAt: Timestamp, changedAt: Timestamp?, items: Int
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.polledAt = polledAt
        self.changedAt = changedAt
        self.items = items
    }
}

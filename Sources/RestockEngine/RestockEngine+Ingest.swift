import RestockCore

/// Identifies one webhook delivery so a redelivery is recognised (`webhook_receipts`).
public typealias DeliveryReceipt = ReceiptKey

/// What an ingest did; the HTTP layer answers with it.
public struct IngestResult: Sendable, Hashable, Codable {
    /// The delivery was seen before: nothing was done again.
    public var duplicate: Bool
    public var applied: Int
    public var stale: Int
    public var queued: Int
    /// Orders only: order lines credited to an email, and watches that became `converted`.
    public var attributed: Int?
    public var converted: Int?
    /// Native deliveries only: item levels kept until their variant is known, and references
    /// queued to be read back from the platform.
    public var parked: Int?
    public var lookups: Int?

    public init(
        duplicate: Bool, applied: Int = 0, stale: Int = 0, queued: Int = 0, attributed: Int? = nil,
        converted: Int? = nil, parked: Int? = nil, lookups: Int? = nil
    ) {
        self.parked = parked
        self.lookups = lookups
        self.duplicate = duplicate
        self.attributed = attributed
        self.converted = converted
        self.applied = applied
        self.stale = stale
        self.queued = queued
    }
}

/// What a group commit answers each delivery: its result, and the work to apply after commit.
typealias IngestOutcome = (IngestResult, TransactionWork)

/// A delivery waiting for the next group commit, with the engine's time of its arrival.
struct IngestRequest: Sendable {
    enum Content: Sendable {
        case stock([StockEvent], catalog: [CatalogEntry])
        case orders([OrderEvent])
        /// A native platform's delivery, normalized; `source` keys its inventory-item map.
        case platform(source: String, PlatformEvents)
    }

    var content: Content
    var receipt: DeliveryReceipt?
    var now: Timestamp
}

extension RestockEngine {
    /// Applies stock and catalog events as one transaction: the receipt, the new levels, the cycle
    /// edges they cause, the first wave of a restock and the "sold out again" emails all commit
    /// together or not at all (docs/ARCHITECTURE.md §5). The caller acknowledges the delivery only
    /// after this returns.
    public func ingest(
        stock events: [StockEvent], catalog: [CatalogEntry] = [], receipt: DeliveryReceipt?
    ) async throws -> IngestResult {
        try await commit(IngestRequest(content: .stock(events, catalog: catalog), receipt: receipt, now: clock()))
    }

    /// Stores orders in the next group commit, and in the same transaction credits their lines
    /// to the emails that earned them, converts the notified watches they buy, and takes the
    /// credit back for a cancelled or refunded one (``IngestPipeline/applyOrder(_:tx:now:work:)``).
    public func ingest(orders: [OrderEvent], receipt: DeliveryReceipt?) async throws -> IngestResult {
        try await commit(IngestRequest(content: .orders(orders), receipt: receipt, now: clock()))
    }

    /// Applies a native platform's delivery in the next group commit, all in one transaction:
    /// catalog entries, Shopify's item → variant links (with any levels that waited for them),
    /// levels and orders as ``ingest(stock:catalog:receipt:)`` and ``ingest(orders:receipt:)``
    /// would, item levels whose variant is unknown parked, and references to read back queued.
    public func ingest(platform events: PlatformEvents, source: String, receipt: DeliveryReceipt?) async throws
        -> IngestResult
    {
        try await commit(IngestRequest(content: .platform(source: source, events), receipt: receipt, now: clock()))
    }

    /// Runs a delivery in the next group commit, then records its metrics.
    func commit(_ request: IngestRequest) async throws -> IngestResult {
        let (result, work) = try await groupCommit.submit(request)
        if result.duplicate { metrics.duplicate() }
        finish(work)
        return result
    }
}

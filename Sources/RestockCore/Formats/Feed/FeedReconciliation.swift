/// What a feed's availability changes in the ledger. A feed says only in or out of stock, and
/// is also the periodic check for shops whose webhooks may have been lost, so it corrects the
/// ledger only where the two disagree:
///
/// - available in the feed, not in stock here: the unnamed location gets `inStockQuantity`
///   (the feed gives no count; waves pace on it);
/// - not available in the feed, in stock here: every location with stock goes to 0;
/// - otherwise nothing, so exact levels from webhooks are kept.
///
/// Events carry the feed's own time: a webhook newer than the feed still wins through the
/// watermark.
public struct FeedReconciliation: Sendable, Hashable {
    public var minAvailable: Int
    public var inStockQuantity: Int
    /// Which availabilities count as purchasable (`in_stock` always does).
    public var preorderIsAvailable: Bool
    public var backorderIsAvailable: Bool

    public init(
        minAvailable: Int = 0, inStockQuantity: Int = 100, preorderIsAvailable: Bool = false,
        backorderIsAvailable: Bool = false
    ) {
        self.minAvailable = minAvailable
        self.inStockQuantity = inStockQuantity
        self.preorderIsAvailable = preorderIsAvailable
        self.backorderIsAvailable = backorderIsAvailable
    }

    public func isAvailable(_ availability: FeedAvailability) -> Bool {
        switch availability {
        case .inStock: true
        case .outOfStock: false
        case .preorder: preorderIsAvailable
        case .backorder: backorderIsAvailable
        }
    }

    /// The events that bring `levels` (the variant's stored levels) in line with `item`.
    public func events(for item: FeedItem, levels: [StockLevel], at time: Timestamp) -> [StockEvent] {
        guard let availability = item.availability else { return [] }
        let inStock = StockLedger.total(levels) > minAvailable
        switch (isAvailable(availability), inStock) {
        case (true, false):
            return [
                StockEvent(
                    variantID: item.id, locationID: "", change: .absolute(max(inStockQuantity, minAvailable + 1)),
                    occurredAt: time)
            ]
        case (false, true):
            return levels.filter { $0.available > 0 }.map {
                StockEvent(variantID: item.id, locationID: $0.locationID, change: .absolute(0), occurredAt: time)
            }
        default:
            return []
        }
    }
}

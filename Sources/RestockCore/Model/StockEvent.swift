/// A change in a variant's available quantity at one location, normalized from any source.
public struct StockEvent: Hashable, Sendable, Codable {
    /// Absolute levels replace what we know; deltas adjust it (docs/ARCHITECTURE.md §4).
    public enum Change: Hashable, Sendable, Codable {
        case absolute(Int)
        case delta(Int)
    }

    public var variantID: String
    /// The empty string is the shop's single, unnamed location.
    public var locationID: String
    public var change: Change
    /// The engine's own time for the change; orders the watermark.
    public var occurredAt: Timestamp

    public init(variantID: String, locationID: String = "", change: Change, occurredAt: Timestamp) {
        self.variantID = variantID
        self.locationID = locationID
        self.change = change
        self.occurredAt = occurredAt
    }
}

/// What the stores keep for one (variant, location).
public struct StockLevel: Hashable, Sendable, Codable {
    public var variantID: String
    public var locationID: String
    public var available: Int
    /// The newest event time applied; anything older is stale.
    public var watermark: Timestamp

    public init(variantID: String, locationID: String, available: Int, watermark: Timestamp) {
        self.variantID = variantID
        self.locationID = locationID
        self.available = available
        self.watermark = watermark
    }
}

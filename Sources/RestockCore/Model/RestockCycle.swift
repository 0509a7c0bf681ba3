/// One stretch of a variant being in stock above `min_available` (docs/ARCHITECTURE.md §4).
public struct RestockCycle: Hashable, Sendable, Codable {
    public var id: Int64
    public var variantID: String
    public var openedAt: Timestamp
    public var closedAt: Timestamp?
    /// When the wave timer should plan the next wave; `nil` when no further wave is planned.
    public var nextWaveAt: Timestamp?
    public var wavesSent: Int

    public init(
        id: Int64, variantID: String, openedAt: Timestamp, closedAt: Timestamp? = nil,
        nextWaveAt: Timestamp? = nil, wavesSent: Int = 0
    ) {
        self.id = id
        self.variantID = variantID
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.nextWaveAt = nextWaveAt
        self.wavesSent = wavesSent
    }
}

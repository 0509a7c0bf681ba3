/// How `/v1/demand` ranks variants.
public enum DemandOrder: String, Sendable, CaseIterable {
    /// Most customers waiting now.
    case waiting
    /// The oldest waiting watch first.
    case longestWait = "longest_wait"
    /// Most watchers who were still waiting when a restock sold out again, never reached.
    case lost
}

/// One variant's unmet demand.
public struct DemandRow: Hashable, Sendable {
    public var variantID: String
    public var productTitle: String?
    public var variantTitle: String?
    /// Watches in state `watching`.
    public var waiting: Int
    /// When the oldest of them was created; `nil` when nobody waits.
    public var oldestWaitingSince: Timestamp?
    /// Watchers still waiting when a restock of the variant sold out, summed over its cycles.
    public var lost: Int
    /// When the product feed stopped listing the variant, while shoppers still wait for it: the
    /// shop may have retired a product people want. `nil` while it is listed.
    public var removedAt: Timestamp?

    public init(
        variantID: String, productTitle: String?, variantTitle: String?, waiting: Int, oldestWaitingSince: Timestamp?,
        lost: Int, removedAt: Timestamp? = nil
    ) {
        self.removedAt = removedAt
        self.variantID = variantID
        self.productTitle = productTitle
        self.variantTitle = variantTitle
        self.waiting = waiting
        self.oldestWaitingSince = oldestWaitingSince
        self.lost = lost
    }
}

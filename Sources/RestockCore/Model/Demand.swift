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

extension DemandOrder {
    /// The `ORDER BY` of both stores' demand query, over its columns `waiting`, `oldest`, `lost`.
    var orderBy: String {
        switch self {
        case .waiting: "waiting DESC, lost DESC, variant_id"
        case .longestWait: "CASE WHEN oldest IS NULL THEN 1 ELSE 0 END, oldest, variant_id"
        case .lost: "lost DESC, waiting DESC, variant_id"
        }
    }

    /// The demand query of both stores, `limit` bound to the placeholder.
    public func query(limit placeholder: String) -> String {
        """
        WITH w AS (
            SELECT variant_id, COUNT(*) AS waiting, MIN(created_at) AS oldest FROM watches
            WHERE state = 'watching' GROUP BY variant_id
        ), l AS (
            SELECT variant_id, SUM(unreached) AS lost FROM restock_cycles WHERE unreached > 0 GROUP BY variant_id
        ), d AS (
            SELECT COALESCE(w.variant_id, l.variant_id) AS variant_id, COALESCE(w.waiting, 0) AS waiting, w.oldest,
                   COALESCE(l.lost, 0) AS lost
            FROM w FULL OUTER JOIN l ON l.variant_id = w.variant_id
        )
        SELECT d.variant_id, v.product_title, v.variant_title, d.waiting, d.oldest, d.lost, v.removed_at
        FROM d LEFT JOIN variants v ON v.id = d.variant_id
        ORDER BY \(orderBy) LIMIT \(placeholder)
        """
    }
}

import RestockCore

/// What `/v1/demand` reads: who waits now (`waiting`) and the demand closed cycles never
/// reached (`restock_cycles.unreached`). Both count from `waiting`, so "waiting now" and "still
/// waiting when the cycle closed" are one definition on both stores.
extension SQLTransaction {
    func recordUnreached(cycleID: Int64) throws -> Int {
        try sql.first(
            """
            UPDATE restock_cycles SET unreached = (
                SELECT COUNT(*) FROM waiting WHERE waiting.variant_id = restock_cycles.variant_id)
            WHERE id = \(cycleID) RETURNING unreached
            """
        ) { try $0.int(0) } ?? 0
    }

    func demand(order: DemandOrder, limit: Int) throws -> [DemandRow] {
        try sql.all(
            """
            WITH w AS (
                SELECT x.variant_id, COUNT(*) AS waiting, MIN(watches.created_at) AS oldest
                FROM waiting x JOIN watches ON watches.id = x.watch_id GROUP BY x.variant_id
            ), l AS (
                SELECT variant_id, SUM(unreached) AS lost FROM restock_cycles WHERE unreached > 0 GROUP BY variant_id
            ), d AS (
                SELECT COALESCE(w.variant_id, l.variant_id) AS variant_id, COALESCE(w.waiting, 0) AS waiting,
                       w.oldest, COALESCE(l.lost, 0) AS lost
                FROM w FULL OUTER JOIN l ON l.variant_id = w.variant_id
            )
            SELECT d.variant_id, v.product_title, v.variant_title, d.waiting, d.oldest, d.lost, v.removed_at
            FROM d LEFT JOIN variants v ON v.id = d.variant_id
            ORDER BY \(raw: Self.orderBy(order)) LIMIT \(limit)
            """
        ) { row in
            DemandRow(
                variantID: try row.string(0), productTitle: try row.optionalString(1),
                variantTitle: try row.optionalString(2), waiting: try row.int(3),
                oldestWaitingSince: try row.optionalTimestamp(4), lost: try row.int(5),
                removedAt: try row.optionalTimestamp(6))
        }
    }

    /// The `ORDER BY` over the demand query's columns `waiting`, `oldest`, `lost`; the variant
    /// id last, so equal rows keep one order.
    private static func orderBy(_ order: DemandOrder) -> String {
        switch order {
        case .waiting: "waiting DESC, lost DESC, variant_id"
        case .longestWait: "CASE WHEN oldest IS NULL THEN 1 ELSE 0 END, oldest, variant_id"
        case .lost: "lost DESC, waiting DESC, variant_id"
        }
    }
}

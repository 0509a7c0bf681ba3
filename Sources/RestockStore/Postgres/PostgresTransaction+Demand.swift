import LibPQ
import RestockCore

/// What `/v1/demand` reads: waiting watches and the demand closed cycles never reached.
extension PostgresTransaction {
    func recordUnreached(cycleID: Int64) throws -> Int {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                UPDATE restock_cycles c SET unreached = (
                    SELECT COUNT(*) FROM waiting w WHERE w.variant_id = c.variant_id)
                WHERE c.id = \(cycleID) RETURNING c.unreached
                """
            ).first.map { try $0.decode(0, as: Int.self) } ?? 0
        }
    }

    func demand(order: DemandOrder, limit: Int) throws -> [DemandRow] {
        var binds = PostgresBindings()
        let placeholder = binds.append(limit)
        return try StoreError.mappingPostgres {
            try connection.query(PostgresQuery(unsafeSQL: order.query(limit: placeholder), binds: binds)).map { row in
                DemandRow(
                    variantID: try row.decode(0), productTitle: try row.decode(1), variantTitle: try row.decode(2),
                    waiting: try row.decode(3),
                    oldestWaitingSince: try row.decode(4, as: Int64?.self).map(
                        Timestamp.init(microseconds:)), lost: try row.decode(5),
                    removedAt: try row.decode(6, as: Int64?.self).map(Timestamp.init(microseconds:)))
            }
        }
    }
}

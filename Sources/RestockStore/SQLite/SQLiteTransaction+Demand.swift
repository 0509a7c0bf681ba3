import GRDB
import RestockCore

/// What `/v1/demand` reads: waiting watches and the demand closed cycles never reached.
extension SQLiteTransaction {
    func recordUnreached(cycleID: Int64) throws -> Int {
        try StoreError.mappingSQLite {
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        UPDATE restock_cycles SET unreached = (
                            SELECT COUNT(*) FROM watches
                            WHERE watches.variant_id = restock_cycles.variant_id AND state = 'watching')
                        WHERE id = ? RETURNING unreached
                        """),
                arguments: [cycleID]) ?? 0
        }
    }

    func demand(order: DemandOrder, limit: Int) throws -> [DemandRow] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(db.cachedStatement(sql: order.query(limit: "?")), arguments: [limit]).map { row in
                DemandRow(
                    variantID: row[0], productTitle: row[1], variantTitle: row[2], waiting: row[3],
                    oldestWaitingSince: (row[4] as Int64?).map(Timestamp.init(microseconds:)), lost: row[5],
                    removedAt: (row[6] as Int64?).map(Timestamp.init(microseconds:)))
            }
        }
    }
}

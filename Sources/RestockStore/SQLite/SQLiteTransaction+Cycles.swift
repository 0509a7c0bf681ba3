import GRDB
import RestockCore

/// `restock_cycles`: one row per stretch of a variant being back in stock.
extension SQLiteTransaction {
    private static let cycleColumns =
        "id, variant_id, opened_at, closed_at, next_wave_at, waves_sent"

    private static func cycle(_ row: Row) -> RestockCycle {
        RestockCycle(
            id: row["id"], variantID: row["variant_id"], openedAt: row.timestamp("opened_at"),
            closedAt: row.optionalTimestamp("closed_at"),
            nextWaveAt: row.optionalTimestamp("next_wave_at"), wavesSent: row["waves_sent"])
    }

    func openCycle(variant: String) throws -> RestockCycle? {
        try StoreError.mappingSQLite {
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.cycleColumns) FROM restock_cycles
                        WHERE variant_id = ? AND closed_at IS NULL
                        """),
                arguments: [variant]
            ).map(Self.cycle)
        }
    }

    /// The partial unique index on open cycles makes a second open cycle a
    /// ``StoreError/Code/uniqueViolation``. The new cycle has no wave planned yet.
    func startCycle(variant: String, at: Timestamp) throws -> RestockCycle {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: "INSERT INTO restock_cycles (variant_id, opened_at, waves_sent) VALUES (?, ?, 0)"
            ).execute(arguments: [variant, at.microseconds])
            return RestockCycle(id: db.lastInsertedRowID, variantID: variant, openedAt: at)
        }
    }

    func saveCycle(_ cycle: RestockCycle) throws {
        try StoreError.mappingSQLite {
            try db.cachedStatement(
                sql: """
                    UPDATE restock_cycles SET closed_at = ?, next_wave_at = ?, waves_sent = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [
                cycle.closedAt?.microseconds, cycle.nextWaveAt?.microseconds, cycle.wavesSent, cycle.id,
            ])
            guard db.changesCount == 1 else {
                throw StoreError(.notFound, details: "restock cycle \(cycle.id)")
            }
        }
    }

    func cyclesDue(at: Timestamp, limit: Int) throws -> [RestockCycle] {
        try StoreError.mappingSQLite {
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.cycleColumns) FROM restock_cycles
                        WHERE closed_at IS NULL AND next_wave_at <= ?
                        ORDER BY next_wave_at, id LIMIT ?
                        """),
                arguments: [at.microseconds, limit]
            ).map(Self.cycle)
        }
    }
}

import LibPQ
import RestockCore

/// `restock_cycles`: one row per stretch of a variant being back in stock.
extension PostgresTransaction {
    private static let cycleColumns = "id, variant_id, opened_at, closed_at, next_wave_at, waves_sent"

    private static func cycle(_ row: PostgresRow) throws -> RestockCycle {
        RestockCycle(
            id: try row.decode("id"), variantID: try row.decode("variant_id"),
            openedAt: try row.timestamp("opened_at"), closedAt: try row.optionalTimestamp("closed_at"),
            nextWaveAt: try row.optionalTimestamp("next_wave_at"), wavesSent: try row.decode("waves_sent"))
    }

    func openCycle(variant: String) throws -> RestockCycle? {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.cycleColumns) FROM restock_cycles
                WHERE variant_id = \(variant) AND closed_at IS NULL
                """
            ).first.map(Self.cycle)
        }
    }

    /// The partial unique index on open cycles makes a second open cycle a
    /// ``StoreError/Code/uniqueViolation``. The new cycle has no wave planned yet.
    func startCycle(variant: String, at: Timestamp) throws -> RestockCycle {
        try StoreError.mappingPostgres {
            let id = try connection.query(
                """
                INSERT INTO restock_cycles (variant_id, opened_at, waves_sent)
                VALUES (\(variant), \(at.microseconds), 0) RETURNING id
                """)[0].decode("id", as: Int64.self)
            return RestockCycle(id: id, variantID: variant, openedAt: at)
        }
    }

    func saveCycle(_ cycle: RestockCycle) throws {
        try StoreError.mappingPostgres {
            let changed = try connection.execute(
                """
                UPDATE restock_cycles
                SET closed_at = \(cycle.closedAt?.microseconds), next_wave_at = \(cycle.nextWaveAt?.microseconds),
                    waves_sent = \(cycle.wavesSent)
                WHERE id = \(cycle.id)
                """)
            guard changed == 1 else { throw StoreError(.notFound, details: "restock cycle \(cycle.id)") }
        }
    }

    func cyclesDue(at: Timestamp, limit: Int) throws -> [RestockCycle] {
        try StoreError.mappingPostgres {
            try connection.query(
                """
                SELECT \(unsafeRaw: Self.cycleColumns) FROM restock_cycles
                WHERE closed_at IS NULL AND next_wave_at <= \(at.microseconds)
                ORDER BY next_wave_at, id LIMIT \(limit)
                """
            ).map(Self.cycle)
        }
    }
}

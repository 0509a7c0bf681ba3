import RestockCore

/// `restock_cycles`: one row per stretch of a variant being back in stock.
extension SQLTransaction {
    private static var cycleColumns: String { "id, variant_id, opened_at, closed_at, next_wave_at, waves_sent" }

    private static func cycle(_ row: Connection.Row) throws -> RestockCycle {
        RestockCycle(
            id: try row.int64(0), variantID: try row.string(1), openedAt: try row.timestamp(2),
            closedAt: try row.optionalTimestamp(3), nextWaveAt: try row.optionalTimestamp(4),
            wavesSent: try row.int(5))
    }

    func openCycle(variant: String) throws -> RestockCycle? {
        try sql.first(
            """
            SELECT \(raw: Self.cycleColumns) FROM restock_cycles
            WHERE variant_id = \(variant) AND closed_at IS NULL
            """, Self.cycle)
    }

    /// The partial unique index on open cycles makes a second open cycle a
    /// ``StoreError/Code/uniqueViolation``. The new cycle has no wave planned yet.
    func startCycle(variant: String, at: Timestamp) throws -> RestockCycle {
        let id = try sql.first(
            """
            INSERT INTO restock_cycles (variant_id, opened_at, waves_sent)
            VALUES (\(variant), \(at.microseconds), 0) RETURNING id
            """
        ) { try $0.int64(0) }
        guard let id else { throw StoreError(.query, details: "INSERT … RETURNING gave no cycle id") }
        return RestockCycle(id: id, variantID: variant, openedAt: at)
    }

    func saveCycle(_ cycle: RestockCycle) throws {
        let changed = try sql.execute(
            """
            UPDATE restock_cycles
            SET closed_at = \(cycle.closedAt?.microseconds), next_wave_at = \(cycle.nextWaveAt?.microseconds),
                waves_sent = \(cycle.wavesSent)
            WHERE id = \(cycle.id)
            """)
        guard changed == 1 else { throw StoreError(.notFound, details: "restock cycle \(cycle.id)") }
    }

    func cyclesDue(at: Timestamp, limit: Int) throws -> [RestockCycle] {
        try sql.all(
            """
            SELECT \(raw: Self.cycleColumns) FROM restock_cycles
            WHERE closed_at IS NULL AND next_wave_at <= \(at.microseconds)
            ORDER BY next_wave_at, id LIMIT \(limit)
            """, Self.cycle)
    }
}

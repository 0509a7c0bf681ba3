import LibPQ
import RestockCore

/// `webhook_receipts`: which deliveries we have accepted, for idempotent webhooks.
extension PostgresTransaction {
    func recordReceipt(source: String, id: String, at: Timestamp) throws -> Bool {
        try StoreError.mappingPostgres {
            // ON CONFLICT names the key, so any other violation still throws.
            try connection.execute(
                """
                INSERT INTO webhook_receipts (source, id, received_at) VALUES (\(source), \(id), \(at.microseconds))
                ON CONFLICT (source, id) DO NOTHING
                """) == 1
        }
    }
}

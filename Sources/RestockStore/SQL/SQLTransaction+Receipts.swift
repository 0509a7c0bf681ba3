import RestockCore

/// `webhook_receipts`: which deliveries we have accepted, for idempotent webhooks.
extension SQLTransaction {
    func recordReceipt(source: String, id: String, at: Timestamp) throws -> Bool {
        // ON CONFLICT names the key, unlike INSERT OR IGNORE, which would also swallow a
        // NOT NULL violation.
        try sql.execute(
            """
            INSERT INTO webhook_receipts (source, id, received_at) VALUES (\(source), \(id), \(at.microseconds))
            ON CONFLICT (source, id) DO NOTHING
            """) == 1
    }
}

import GRDB
import RestockCore

/// `webhook_receipts`: which deliveries we have accepted, for idempotent webhooks.
extension SQLiteTransaction {
    func recordReceipt(source: String, id: String, at: Timestamp) throws -> Bool {
        try StoreError.mappingSQLite {
            // ON CONFLICT names the key, unlike INSERT OR IGNORE, which would also swallow a
            // NOT NULL violation.
            try db.cachedStatement(
                sql: """
                    INSERT INTO webhook_receipts (source, id, received_at) VALUES (?, ?, ?)
                    ON CONFLICT (source, id) DO NOTHING
                    """
            ).execute(arguments: [source, id, at.microseconds])
            return db.changesCount == 1
        }
    }
}

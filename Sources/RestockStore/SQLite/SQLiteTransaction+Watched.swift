import GRDB
import RestockCore

/// The watched variants, read from the watches' own index: the store is the inverted index.
extension SQLiteTransaction {
    func watchedVariants() throws -> [String] {
        try StoreError.mappingSQLite {
            try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT DISTINCT variant_id FROM watches
                        WHERE state IN (\(Self.liveStatePlaceholders)) ORDER BY variant_id
                        """),
                arguments: Self.liveStateArguments)
        }
    }
}

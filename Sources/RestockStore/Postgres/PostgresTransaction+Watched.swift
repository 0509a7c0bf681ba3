import LibPQ
import RestockCore

/// The watched variants, read from the watches' own index: the store is the inverted index.
extension PostgresTransaction {
    func watchedVariants() throws -> [String] {
        try StoreError.mappingPostgres {
            // `NOT ended` written out, as in the neighbouring reads: the partial index's predicate.
            try connection.query("SELECT DISTINCT variant_id FROM watches WHERE NOT ended ORDER BY variant_id").map {
                try $0.decode("variant_id")
            }
        }
    }
}

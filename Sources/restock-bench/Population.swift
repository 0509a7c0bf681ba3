import RestockCore

/// Fills a store quickly, straight through its transaction API (`upsertCustomer`, `insertWatch`)
/// in large transactions: setting up a million watches through HTTP would take longer than
/// every measurement together, and setup is never timed.
struct Population {
    let store: any RestockStore
    /// Rows per transaction: large enough that commits do not dominate, small enough that one
    /// transaction does not hold the PostgreSQL connection for minutes.
    var batchSize = 10_000

    /// Creates customers `bench-<tag>-<n>@example.com` for `n` in `range`; returns their ids in
    /// that order.
    func customers(tag: String, _ range: Range<Int>) async throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(range.count)
        let now = Timestamp.now
        for start in stride(from: range.lowerBound, to: range.upperBound, by: batchSize) {
            let batch = start..<min(start + batchSize, range.upperBound)
            ids += try await store.transaction { tx in
                try batch.map { n in
                    try tx.upsertCustomer(
                        email: "bench-\(tag)-\(n)@example.com", name: nil, locale: nil, at: now
                    ).id
                }
            }
        }
        return ids
    }

    /// Inserts one `watching` watch per `(customerID, variantID)`, in the given order (so ids,
    /// and queue positions, follow it), `batchSize` per transaction.
    func watches(_ pairs: [(customerID: Int64, variantID: String)]) async throws {
        let now = Timestamp.now
        let consent = Consent(source: "import", text: "restock-bench", at: now)
        for start in stride(from: 0, to: pairs.count, by: batchSize) {
            let batch = Array(pairs[start..<min(start + batchSize, pairs.count)])
            try await store.transaction { tx in
                for pair in batch {
                    _ = try tx.insertWatch(
                        NewWatch(
                            customerID: pair.customerID, variantID: pair.variantID, state: .watching,
                            consent: consent, createdAt: now, expiresAt: now.adding(seconds: 180 * 86_400)))
                }
            }
        }
    }
}

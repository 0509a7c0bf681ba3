import RestockCore

/// Where the engine's facts go in the daily rollups. Every fact is added in the transaction
/// that makes it true, so the rollups never count what did not commit.
enum StatsKeys {
    /// An email's key: its kind, first variant, and the language it was written in.
    static func email(_ entry: OutboxEntry, tx: any StoreTransaction) throws -> StatsKey {
        let watch = try entry.items.first.flatMap { try tx.watch(id: $0.watchID) }
        let customer = try tx.customer(id: entry.customerID)
        return StatsKey(
            kind: entry.kind.rawValue,
            language: StatsIncrement.language(watchLocale: watch?.locale, customerLocale: customer?.locale),
            variantID: entry.items.first?.variantID ?? "")
    }

    static func email(outboxID: Int64, tx: any StoreTransaction) throws -> StatsKey? {
        try tx.outboxEntry(id: outboxID).map { try email($0, tx: tx) }
    }

    /// A watch's key, under `kind` (`""` for facts about the watch itself, such as its creation).
    static func watch(_ watch: Watch, kind: String, tx: any StoreTransaction) throws -> StatsKey {
        let customer = try tx.customer(id: watch.customerID)
        return StatsKey(
            kind: kind, language: StatsIncrement.language(watchLocale: watch.locale, customerLocale: customer?.locale),
            variantID: watch.variantID)
    }

    /// Conversions belong to the back-in-stock email that preceded them.
    static func conversions(_ watches: [Watch], at: Timestamp, tx: any StoreTransaction) throws -> [StatsIncrement] {
        try watches.map {
            try watch($0, kind: NotificationKind.backInStock.rawValue, tx: tx).increment(.conversions, at: at)
        }
    }
}

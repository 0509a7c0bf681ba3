import RestockCore

/// What an email shows, read in the transaction that claims it.
struct DispatchContent: Sendable {
    var customer: Customer
    var locale: String?
    /// Variant → its catalog entry (`nil` when the shop never sent one).
    var catalog: [String: CatalogEntry?]

    /// What each row shows, in order; `nil` for a row whose customer is gone. Three statements
    /// for the whole round on PostgreSQL (customers, watches for their locale, and the catalog
    /// once per variant: a wave's emails are all about the same one).
    static func read(_ entries: [OutboxEntry], tx: any StoreTransaction) throws -> [DispatchContent?] {
        let customers = try tx.customers(ids: entries.map(\.customerID))
        let watches = try tx.watches(ids: entries.compactMap { $0.items.first?.watchID })
        var catalogs: [String: CatalogEntry?] = [:]
        for variant in Set(entries.flatMap { $0.items.map(\.variantID) }) {
            catalogs[variant] = .some(try tx.catalog(variant: variant))
        }
        return entries.map { entry in
            guard let customer = customers[entry.customerID] else { return nil }
            var catalog: [String: CatalogEntry?] = [:]
            for item in entry.items { catalog[item.variantID] = catalogs[item.variantID] ?? nil }
            let watchLocale = entry.items.first.flatMap { watches[$0.watchID]?.locale }
            return DispatchContent(customer: customer, locale: watchLocale ?? customer.locale, catalog: catalog)
        }
    }
}

import RestockCore

/// What an email shows, read in the transaction that claims it.
///
/// Stored text is made safe here, as it is read (issue 16): a name, title, URL or locale
/// accepted before the door checked it, or from a source trusted but not clean, must not fail
/// a message today. The catalog is ``CatalogEntry/sanitized`` (before its URL becomes a
/// tracked link), the locale a language tag or none, and the name one safe line.
struct DispatchContent: Sendable {
    var customer: Customer
    var locale: String?
    /// Variant → its catalog entry (`nil` when the shop never sent one).
    var catalog: [String: CatalogEntry?]
    /// Variant → the id of the email's tracked link to its product page, for items with a URL
    /// when tracking is on.
    var links: [String: Int64] = [:]

    /// For a "sold out again" email: whether it may go out now, and about which items
    /// (``SoldOutAgainGate``); `nil` for other kinds.
    var soldOutAgainGate: SoldOutAgainGate.Decision?

    /// The customer's name as the greeting and the `To:` header show it.
    var customerName: String? { SafeText.nonEmptyLine(customer.name, maxLength: SafeText.nameLength) }

    /// What each row shows, in order; `nil` for a row whose customer is gone. Four statements
    /// for the whole round on PostgreSQL (customers, watches for their locale, the catalog
    /// once per variant: a wave's emails are all about the same one, and the tracked links).
    /// The links are saved here, before sending, so a click on any copy that went out finds its
    /// row; a resend keeps their ids.
    static func read(_ entries: [OutboxEntry], tracking: Bool, tx: any StoreTransaction) throws
        -> [DispatchContent?]
    {
        let customers = try tx.customers(ids: entries.map(\.customerID))
        let watches = try tx.watches(ids: entries.compactMap { $0.items.first?.watchID })
        var catalogs: [String: CatalogEntry?] = [:]
        for variant in Set(entries.flatMap { $0.items.map(\.variantID) }) {
            catalogs[variant] = .some(try tx.catalog(variant: variant)?.sanitized)
        }
        var contents: [DispatchContent?] = entries.map { entry in
            guard let customer = customers[entry.customerID] else { return nil }
            var catalog: [String: CatalogEntry?] = [:]
            for item in entry.items { catalog[item.variantID] = catalogs[item.variantID] ?? nil }
            let watchLocale = entry.items.first.flatMap { watches[$0.watchID]?.locale }
            let locale = (watchLocale ?? customer.locale).flatMap(LanguageTag.normalized)
            return DispatchContent(customer: customer, locale: locale, catalog: catalog)
        }
        let followUps = entries.filter { $0.kind == .soldOutAgain }
        if !followUps.isEmpty {
            let notifications = try tx.backInStockNotifications(watchIDs: followUps.flatMap { $0.items.map(\.watchID) })
            for (index, entry) in entries.enumerated() where entry.kind == .soldOutAgain {
                contents[index]?.soldOutAgainGate = SoldOutAgainGate.decide(entry.items, notifications: notifications)
            }
        }
        guard tracking else { return contents }
        var wanted: [(index: Int, link: NewLink)] = []
        for (index, entry) in entries.enumerated() {
            guard let content = contents[index] else { continue }
            for variant in Set(entry.items.map(\.variantID)).sorted() {
                guard let url = content.catalog[variant]??.url else { continue }
                wanted.append((index, NewLink(outboxID: entry.id, variantID: variant, url: url)))
            }
        }
        for (wanted, id) in zip(wanted, try tx.saveLinks(wanted.map(\.link))) {
            contents[wanted.index]?.links[wanted.link.variantID ?? ""] = id
        }
        return contents
    }
}

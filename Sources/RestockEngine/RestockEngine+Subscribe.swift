import RestockCore

/// A shopper's request to be told when a variant returns, already validated by the HTTP layer.
public struct SubscribeRequest: Sendable, Hashable {
    /// Normalized with `EmailAddress.normalize`.
    public var email: String
    public var variantID: String
    public var locationID: String?
    public var quantity: Int
    public var locale: String?
    public var name: String?
    /// Stored only for a ``trusted`` call: catalog data comes from signed platform deliveries,
    /// the feed or the admin API, never from a storefront.
    public var catalog: CatalogEntry?
    public var consent: Consent
    /// A call from the shop's backend with the admin token: the shop vouches for the address, so no
    /// double opt-in (docs/ARCHITECTURE.md §3), and may update the catalog and the customer's name
    /// and locale. A storefront call (anyone, with any address) may only create a watch, and give a
    /// name and locale for a customer that is new.
    public var trusted: Bool

    public init(
        email: String, variantID: String, locationID: String? = nil, quantity: Int = 1,
        locale: String? = nil, name: String? = nil, catalog: CatalogEntry? = nil,
        consent: Consent, trusted: Bool
    ) {
        self.email = email
        self.variantID = variantID
        self.locationID = locationID
        self.quantity = quantity
        self.locale = locale
        self.name = name
        self.catalog = catalog
        self.consent = consent
        self.trusted = trusted
    }
}

/// What a subscribe did. The HTTP response never shows it to a browser (a neutral answer does
/// not reveal whether an address was already subscribed); backends and tests may read it.
public struct SubscribeResult: Sendable, Hashable {
    public var watchID: Int64
    public var created: Bool
    public var state: WatchState
}

extension RestockEngine {
    /// Creates the watch, or returns the live one the customer already has on the variant
    /// (idempotent per email and variant).
    ///
    /// The trust boundary (docs/ARCHITECTURE.md §7): a storefront call never changes what another
    /// visitor or email sees. Its catalog fields are ignored, and an existing customer keeps
    /// their name and locale (the new watch takes the customer's locale). The name and locale
    /// are made safe here too (``SafeText``, ``LanguageTag``), whatever the caller checked.
    public func subscribe(_ request: SubscribeRequest) async throws -> SubscribeResult {
        let now = clock()
        let doubleOptIn = configuration.doubleOptIn && !request.trusted
        let ttl = Double(configuration.watchTTLDays) * 86_400
        let name = SafeText.nonEmptyLine(request.name, maxLength: SafeText.nameLength)
        let locale = request.locale.flatMap(LanguageTag.normalized)
        let outcome: (result: SubscribeResult, work: TransactionWork) = try await store.transaction { tx in
            if request.trusted, let catalog = request.catalog?.sanitized, catalog.hasDetails {
                try tx.upsertCatalog(catalog, at: now)
            }
            let customer = try tx.upsertCustomer(
                email: request.email, name: name, locale: locale, replacingDetails: request.trusted, at: now)
            if let existing = try tx.liveWatch(customerID: customer.id, variantID: request.variantID) {
                return (SubscribeResult(watchID: existing.id, created: false, state: existing.state), TransactionWork())
            }
            let (state, actions) = WatchLifecycle.initial(doubleOptIn: doubleOptIn)
            let watch = try tx.insertWatch(
                NewWatch(
                    customerID: customer.id, variantID: request.variantID,
                    locationID: request.locationID, quantity: request.quantity,
                    locale: request.trusted ? locale ?? customer.locale : customer.locale, state: state,
                    consent: request.consent,
                    createdAt: now, expiresAt: now.adding(seconds: ttl)))
            var work = TransactionWork()
            work.inserted.append(watch)
            let key = StatsKey(
                kind: "", language: StatsIncrement.language(watchLocale: watch.locale, customerLocale: nil),
                variantID: watch.variantID)
            try tx.addStats([key.increment(.watchesCreated, at: now)])
            if actions.contains(.planWaveIfOnSale) {
                // The lock keeps a concurrent group commit from closing the cycle under us.
                _ = try tx.recordReceipts([], lockingVariants: [request.variantID], at: now)
            }
            var effects = WatchEffects()
            effects.perform(actions, for: watch, cycleID: nil, work: &work)
            try effects.execute(tx, now: now)
            try work.flush(tx, now: now)
            return (SubscribeResult(watchID: watch.id, created: true, state: watch.state), work)
        }
        finish(outcome.work)
        return outcome.result
    }
}

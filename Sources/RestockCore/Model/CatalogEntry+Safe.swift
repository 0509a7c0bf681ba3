extension CatalogEntry {
    /// The entry as it may be stored and shown: titles cleaned to one safe line
    /// (``SafeText/line(_:maxLength:)``), a URL that is not usable dropped rather than stored
    /// (``WebAddress``), and a price that is negative or beyond ``Money/maxMinorUnits``, or whose
    /// currency is not an ISO code, dropped with its currency.
    ///
    /// For text from sources that are trusted but not clean (signed platform deliveries, the
    /// feed), which is cleaned rather than refused, and for entries stored before the door
    /// checked them, which are cleaned again when an email shows them. Total and idempotent.
    public var sanitized: CatalogEntry {
        var entry = self
        entry.productTitle = SafeText.nonEmptyLine(productTitle, maxLength: SafeText.titleLength)
        entry.variantTitle = SafeText.nonEmptyLine(variantTitle, maxLength: SafeText.titleLength)
        entry.url = url.flatMap(WebAddress.normalized)
        entry.imageURL = imageURL.flatMap(WebAddress.normalized)
        // A price may come without its currency (an update that leaves the stored one), but
        // never in a currency that is not one.
        entry.currency = currency.flatMap(CurrencyCode.normalized)
        if (currency != nil && entry.currency == nil) || priceMinor.flatMap(Money.problem(minor:)) != nil {
            entry.priceMinor = nil
            entry.currency = nil
        }
        return entry
    }

    /// The entry as given, or a ``PayloadError`` naming the first field that breaks a rule
    /// (the rules of ``sanitized``, refused rather than cleaned): for the entry points that
    /// answer the caller (`POST /v1/watches` with the admin token, the generic inventory
    /// payload). `prefix` goes before each field name, `events[2].` in a batch. The URLs come
    /// back normalized and the currency upper-case.
    public func validated(prefix: String = "") throws(PayloadError) -> CatalogEntry {
        var entry = self
        for (field, title) in [("product_title", productTitle), ("variant_title", variantTitle)] {
            if let title, let problem = SafeText.problem(title, maxLength: SafeText.titleLength) {
                throw PayloadError(prefix + field, problem)
            }
        }
        if let url {
            guard let normalized = WebAddress.normalized(url) else {
                throw PayloadError(prefix + "url", WebAddress.requirement)
            }
            entry.url = normalized
        }
        if let imageURL {
            guard let normalized = WebAddress.normalized(imageURL) else {
                throw PayloadError(prefix + "image_url", WebAddress.requirement)
            }
            entry.imageURL = normalized
        }
        if let currency {
            guard let code = CurrencyCode.normalized(currency) else {
                throw PayloadError(prefix + "currency", CurrencyCode.requirement)
            }
            entry.currency = code
        }
        if let priceMinor, let problem = Money.problem(minor: priceMinor) {
            throw PayloadError(prefix + "price", problem)
        }
        return entry
    }
}

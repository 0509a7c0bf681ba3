import Foundation
import HummingbirdTesting
import RestockCore
import RestockEngine
import RestockTestSupport
import Testing

@testable import restockd

/// Text stored before the door checked it, or from a source trusted but not clean, never stops
/// or fails a message (issue 16): the dispatcher makes it safe as it reads it, and every
/// email still goes out and reads cleanly.
@Suite struct StoredContentDispatchTests {
    @Test(arguments: [StoreKind.sqliteFile, .postgres].filter(StoreKind.enabled.contains))
    func hostileStoredTextStillMakesEveryEmail(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let shop = try await TrackedShop(["restock.store.url": try #require(made.url)])
        let now = shop.clock.now
        try await shop.store.transaction { tx in
            // As an earlier release accepted them (PostgreSQL refuses NUL in text, SQLite not).
            try tx.upsertCatalog(
                CatalogEntry(
                    variantID: "v1", productTitle: "\u{E000}99\u{E001} Socks\r\n\u{1}",
                    variantTitle: "\u{E000}0\u{E001}",
                    url: "javascript:alert(document.cookie)", imageURL: "https://cdn.example/\"><script>x</script>",
                    priceMinor: .max, currency: "XXXX"), at: now)
            for (email, name, locale) in [
                ("ann@example.com", "Ann\r\nBcc: victim@example.com\u{7F}\u{202E}", "en@currency=XYZ"),
                ("bob@example.com", "Bob", "\u{E000}0\u{E001}"),
            ] {
                let customer = try tx.upsertCustomer(email: email, name: name, locale: locale, at: now)
                _ = try tx.insertWatch(
                    NewWatch(
                        customerID: customer.id, variantID: "v1", locale: locale, state: .watching,
                        consent: Consent(source: "import", at: now), createdAt: now))
            }
        }

        let mails = try await shop.restockAndSend(["v1"])
        #expect(mails.count == 2)
        for mail in mails {
            #expect(mail.defects == [])
            #expect(mail.headers["Bcc"] == nil)
            #expect(mail.subject?.contains("Socks") == true, "\(mail.subject ?? "")")
            let html = try #require(mail.body("text/html"))
            #expect(!html.contains("javascript:") && !html.contains("<script>"))
            let text = try #require(mail.body("text/plain"))
            #expect(text.components(separatedBy: mail.to?.name ?? "?").count == 2, "the name once, in the greeting")
        }
        #expect(Set(mails.compactMap(\.to?.name)) == ["Ann Bcc: victim@example.com", "Bob"])
        let failed = try await shop.store.transaction { tx in try tx.outboxEntries(state: .failed, limit: 10) }
        #expect(failed.isEmpty)
    }

    /// Signed platform deliveries and the feed are trusted, not clean: their text is stored
    /// cleaned, and a URL no email could use is dropped rather than stored.
    @Test(arguments: [StoreKind.sqliteFile, .postgres].filter(StoreKind.enabled.contains))
    func catalogTextFromTrustedSourcesIsStoredClean(kind: StoreKind) async throws {
        let made = try await StoreFactory.make(kind)
        defer { Task { try? await made.dispose() } }
        let daemon = try await TestDaemon(["restock.store.url": try #require(made.url)])
        let engine = daemon.daemon.engine
        let hostile = CatalogEntry(
            variantID: "v1", productTitle: "Merino\r\nsocks\u{0}\u{202E}", variantTitle: "\u{7}",
            url: "javascript:alert(1)", imageURL: "https://cdn.example/socks.jpg", priceMinor: 1_999, currency: "eur")
        _ = try await engine.ingest(platform: PlatformEvents(catalog: [hostile]), source: "shopify", receipt: nil)
        var stored = try await daemon.store.transaction { tx in try tx.catalog(variant: "v1") }
        #expect(stored?.productTitle == "Merino socks" && stored?.variantTitle == nil && stored?.url == nil)
        #expect(stored?.imageURL == "https://cdn.example/socks.jpg" && stored?.currency == "EUR")

        var fromFeed = hostile
        fromFeed.variantID = "v2"
        fromFeed.url = "https://wool.example/p/socks\n"
        _ = try await engine.ingest(stock: [], catalog: [fromFeed], receipt: nil)
        stored = try await daemon.store.transaction { tx in try tx.catalog(variant: "v2") }
        #expect(stored?.productTitle == "Merino socks" && stored?.url == nil)
    }
}

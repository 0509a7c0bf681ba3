import Foundation
import RestockCore
import Testing

@testable import RestockMail

/// The shipped templates and a shop's overrides, rendered as a shopper would read them.
@Suite struct TemplateSetTests {
    static let shop = ShopIdentity(name: "Wool & Co", address: "1 Market Street, Leeds LS1 1AA, UK")

    static func input(_ kind: NotificationKind, locale: String?, items: Int = 1, currency: String = "EUR")
        -> TemplateInput
    {
        TemplateInput(
            kind: kind, locale: locale, customerName: "Zoë",
            items: (0..<items).map { n in
                TemplateItem(
                    productTitle: n == 0 ? "Socks <merino> & more" : "Scarf \(n)", variantTitle: "Size M",
                    imageURL: "https://shop.example/i/\(n).jpg", url: "https://shop.example/p/\(n)",
                    price: Price(minor: 1999, currency: currency), resubscribeURL: "https://r.example/r/\(n)")
            },
            unsubscribeURL: "https://r.example/u/token", confirmURL: "https://r.example/c/token", shop: shop)
    }

    @Test(arguments: NotificationKind.allCases, ["en", "pl"])
    func everyShippedTemplateRendersWithItsVariables(kind: NotificationKind, locale: String) throws {
        let set = try TemplateSet()
        let mail = set.render(Self.input(kind, locale: locale, items: 2))
        #expect(!mail.subject.isEmpty)
        #expect(!mail.subject.contains("\n"))
        #expect(!mail.subject.contains("{{"))
        #expect(mail.text.contains("Socks <merino> & more"))
        #expect(mail.html.contains("Socks &lt;merino&gt; &amp; more"))
        #expect(mail.text.contains(Self.shop.address))
        #expect(mail.html.contains("Wool &amp; Co"))
        switch kind {
        case .backInStock:
            #expect(mail.text.contains("https://shop.example/p/1"))
            #expect(mail.html.contains("href=\"https://shop.example/p/0\""))
            #expect(mail.text.contains("https://r.example/u/token"))
        case .soldOutAgain:
            #expect(mail.text.contains("https://r.example/r/1"))
            #expect(mail.html.contains("href=\"https://r.example/r/0\""))
        case .confirmSubscription:
            #expect(mail.text.contains("https://r.example/c/token"))
            #expect(mail.html.contains("href=\"https://r.example/c/token\""))
        }
    }

    /// Found by the `template` fuzz target (Tests/Fuzz/regressions/template): a locale starting
    /// with a character outside ASCII, which a storefront can send, trapped inside Foundation's
    /// number formatter, so that watch's email stopped the dispatcher on every attempt.
    @Test(arguments: ["é", "日本", "\u{FFFD}", "ü-DE"])
    func aLocaleFoundationCannotReadStillGetsItsEmail(locale: String) throws {
        let set = try TemplateSet()
        let mail = set.render(Self.input(.backInStock, locale: locale, currency: "EUR"))
        #expect(mail.text.hasPrefix("Hello Zoë,"))
        // The neutral way: ICU's root locale, the currency sign and a no-break space.
        #expect(mail.text.contains("€\u{A0}19.99"))
    }

    /// Found by the `template` fuzz target (Tests/Fuzz/regressions/template): a quote or angle
    /// bracket followed by a combining mark is one Swift character, which Mustache's escaping
    /// let through raw, so catalog text could close an attribute in the HTML part.
    @Test func aCombiningMarkCannotCarryAQuoteOutOfAnAttribute() throws {
        let set = try TemplateSet()
        var input = Self.input(.backInStock, locale: "en")
        let title = "Mug\"\u{301} onerror=\"alert(1)"
        input.items[0].productTitle = title
        input.items[0].variantTitle = "<\u{301}b>bold</b>"
        let mail = set.render(input)
        // Built outside #expect, whose expansion cannot re-spell a quote followed by a mark.
        let rawQuote = "\"\u{301}"
        let escapedTitle = "alt=\"Mug&quot;\u{301} onerror=&quot;alert(1)\""
        let escapedVariant = "&lt;\u{301}b&gt;bold&lt;/b&gt;"
        #expect(!mail.html.contains(rawQuote))
        #expect(mail.html.contains(escapedTitle))
        #expect(mail.html.contains(escapedVariant))
        #expect(mail.text.contains(title))
    }

    @Test func pricesAreWrittenTheWayTheLocaleWritesThem() throws {
        let set = try TemplateSet()
        let english = set.render(Self.input(.backInStock, locale: "en", currency: "EUR"))
        #expect(english.text.contains("€19.99"))
        let polish = set.render(Self.input(.backInStock, locale: "pl-PL", currency: "PLN"))
        #expect(polish.text.contains("19,99\u{A0}zł") || polish.text.contains("19,99 zł"))
        #expect(polish.text.hasPrefix("Dzień dobry Zoë,"))
        let yen = set.render(Self.input(.backInStock, locale: "en", currency: "JPY"))
        #expect(yen.text.contains("1,999"))
    }

    @Test(arguments: [("pl-PL", "pl"), ("pl_PL", "pl"), ("de-AT", "en"), ("en-GB", "en")])
    func aLocaleFallsBackToItsLanguageThenTheDefault(locale: String, expected: String) throws {
        let set = try TemplateSet()
        let expectedMail = set.render(Self.input(.soldOutAgain, locale: expected))
        #expect(set.render(Self.input(.soldOutAgain, locale: locale)) == expectedMail)
    }

    @Test func aShopsFileReplacesOnlyThatFile() throws {
        let overrides = try Self.scratch()
        try Self.write("Back: {{#item}}{{product_title}}{{/item}}", to: overrides, "en/back_in_stock.subject.mustache")
        let set = try TemplateSet(overrides: overrides)
        let mail = set.render(Self.input(.backInStock, locale: "en"))
        #expect(mail.subject == "Back: Socks <merino> & more")
        #expect(
            mail.text == (try TemplateSet()).render(Self.input(.backInStock, locale: "en")).text)
    }

    @Test func aBrokenTemplateStopsLoadingAndNamesItsFile() throws {
        let overrides = try Self.scratch()
        try Self.write("{{#items}}never closed", to: overrides, "pl/confirm.html.mustache")
        let error = #expect(throws: MailError.self) { try TemplateSet(overrides: overrides) }
        #expect(error?.code == .template)
        #expect(String(reflecting: error!).contains("pl/confirm.html.mustache"))
    }

    /// The binary carries every kind and part in both shipped languages, so a shop installs no
    /// template directory; the HTML part is a document, and each file is the one of its path.
    @Test(arguments: ["en", "pl"])
    func theBinaryCarriesEveryTemplateOfBothLanguages(locale: String) throws {
        for kind in NotificationKind.allCases {
            for part in TemplateSet.Part.allCases {
                let source = try #require(BuiltInTemplates.sources["\(locale)/\(kind.rawValue).\(part.rawValue)"])
                #expect(!source.isEmpty)
                if part == .html { #expect(source.contains("<html lang=\"\(locale)\"")) }
            }
        }
        for name in LinkPageKind.allCases.map(\.name) + [LinkPageKind.frame] {
            #expect(BuiltInTemplates.sources["\(locale)/\(name)"]?.isEmpty == false, "\(name)")
        }
        #expect(
            BuiltInTemplates.sources.count
                == 2
                * (NotificationKind.allCases.count * TemplateSet.Part.allCases.count + LinkPageKind.allCases.count + 1))
    }

    /// `restockd templates export DIR` writes the set out as an override directory: used as one,
    /// unchanged, it renders exactly what the built-in set does; exporting again over it is
    /// refused rather than overwriting a shop's edits.
    @Test func anExportedSetIsAnOverrideDirectoryThatChangesNothing() throws {
        let directory = try Self.scratch()
        let written = try BuiltInTemplates.export(to: directory)
        #expect(written.count == BuiltInTemplates.sources.count)
        #expect(written.contains("pl/sold_out_again.html.mustache"))
        let exported = try TemplateSet(overrides: directory)
        for kind in NotificationKind.allCases {
            for locale in ["en", "pl"] {
                #expect(
                    exported.render(Self.input(kind, locale: locale))
                        == (try TemplateSet()).render(Self.input(kind, locale: locale)))
            }
        }
        for page in LinkPageKind.allCases {
            for locale in ["en", "pl"] {
                #expect(
                    exported.renderPage(page, locale: locale, shopName: "Wool")
                        == (try TemplateSet()).renderPage(page, locale: locale, shopName: "Wool"))
            }
        }
        try Self.write("Mine", to: directory, "en/confirm.subject.mustache")
        let error = #expect(throws: MailError.self) { try BuiltInTemplates.export(to: directory) }
        #expect(String(reflecting: error!).contains("already exists"))
        #expect(
            try String(contentsOf: directory.appendingPathComponent("en/confirm.subject.mustache"), encoding: .utf8)
                == "Mine")
    }

    @Test func aDefaultLocaleWithoutEveryPartIsRefusedNamingTheFile() throws {
        let overrides = try Self.scratch()
        try Self.write("Hallo", to: overrides, "de/back_in_stock.subject.mustache")
        let error = #expect(throws: MailError.self) { try TemplateSet(overrides: overrides, defaultLocale: "de") }
        #expect(String(reflecting: error!).contains("de/back_in_stock.text"))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "restock-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to directory: URL, _ path: String) throws {
        let file = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}

extension TemplateSetTests {
    /// The render cache fills in each recipient's values; the result must be byte for byte what
    /// running the templates for that recipient gives, names that need escaping included.
    @Test(arguments: NotificationKind.allCases, ["en", "pl-PL"])
    func aCachedRenderIsExactlyTheFullRender(kind: NotificationKind, locale: String) throws {
        let set = try TemplateSet()
        for (n, name) in ["Zoë", "O'Brien & <Sons> \"Ltd\"", nil].enumerated() {
            for items in 1...2 {
                var input = Self.input(kind, locale: locale, items: items)
                input.customerName = name
                input.unsubscribeURL = "https://r.example/u/token-\(n)"
                input.confirmURL = n == 1 ? nil : "https://r.example/c/token-\(n)"
                for index in input.items.indices {
                    input.items[index].resubscribeURL = "https://r.example/r/\(n)-\(index)"
                }
                // Twice: the first fills the cache, the second is served from it.
                #expect(set.render(input) == set.renderUncached(input))
                #expect(set.render(input) == set.renderUncached(input))
            }
        }
    }

    @Test func aTemplateThatTransformsAPersonalValueIsNeverServedFromTheCache() throws {
        let overrides = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: overrides.appendingPathComponent("en"), withIntermediateDirectories: true)
        try "Hi {{uppercased(customer_name)}}".write(
            to: overrides.appendingPathComponent("en/back_in_stock.text.mustache"), atomically: true, encoding: .utf8)
        let set = try TemplateSet(overrides: overrides)
        var input = Self.input(.backInStock, locale: "en")
        input.customerName = "zoë"
        #expect(set.render(input).text == "Hi ZOË")
    }
}

extension TemplateSetTests {
    /// A file the service cannot read as text stops loading with its path named, as a broken
    /// template does; a misspelled name is reported as unused instead of silently ignored.
    @Test func anUnreadableOrMisnamedOverrideIsNamed() throws {
        let overrides = try Self.scratch()
        try Self.write("Hi", to: overrides, "en/back_in_stock.htm.mustache")
        let set = try TemplateSet(overrides: overrides)
        #expect(set.ignoredFiles == [overrides.appendingPathComponent("en/back_in_stock.htm.mustache").path])

        let file = overrides.appendingPathComponent("pl/confirm.subject.mustache")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([0x50, 0xFF, 0xFE, 0x41]).write(to: file)
        let error = #expect(throws: MailError.self) { try TemplateSet(overrides: overrides) }
        #expect(error?.code == .template)
        #expect(String(reflecting: error!).contains("pl/confirm.subject.mustache: cannot be read as UTF-8 text"))
    }
}

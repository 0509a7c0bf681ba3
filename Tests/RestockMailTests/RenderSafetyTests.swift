import Foundation
import RestockCore
import RestockTestSupport
import Testing

@testable import RestockMail

/// Catalog text is outside text: whatever a product title, price or locale holds, every email
/// still renders and composes into a message a mail program reads without a defect (issue 16:
/// one product title must never stop all mail).
@Suite struct RenderSafetyTests {
    static let mailer = Mailer(
        configuration: MailerConfiguration(
            from: MailAddress(email: "shop@wool.example", displayName: "Wool & Co"), shop: TemplateSetTests.shop),
        templates: try! TemplateSet(),
        signer: nil, transport: FileTransport(directory: NSTemporaryDirectory()))

    static let hostileTitles: [String] = [
        "\u{E000}99\u{E001}", "\u{E000}0\u{E001}", "\u{E000}-1\u{E001}", "\u{E000}+1\u{E001}",
        "\u{E000}99999999999999999999999\u{E001}", "\u{E001}\u{E000}", "\u{E000}", "Socks\r\nBcc: x@evil.example",
        "Socks\0", "{{customer_name}}", "\u{202E}skcos", "=?utf-8?B?SGk=?=", "", " ",
        String(repeating: "é", count: 20_000), String(repeating: "a", count: 5_000),
    ]

    static func input(title: String, kind: NotificationKind, name: String? = "Zoë", locale: String? = "en")
        -> TemplateInput
    {
        TemplateInput(
            kind: kind, locale: locale, customerName: name,
            items: [
                TemplateItem(
                    productTitle: title, variantTitle: title, imageURL: "https://shop.example/i.jpg",
                    url: "https://shop.example/p", price: Price(minor: 1_999, currency: "EUR"),
                    resubscribeURL: "https://r.example/r/1")
            ],
            unsubscribeURL: "https://r.example/u/token", confirmURL: "https://r.example/c/token",
            openPixelURL: "https://r.example/t/o/token", shop: TemplateSetTests.shop)
    }

    /// Composes `input` and parses it as a receiver would.
    static func composedCleanly(_ input: TemplateInput) async throws -> PythonMailCheck.ParsedMail {
        let envelope = try mailer.envelope(
            for: input, to: MailAddress(email: "zoe@example.com", displayName: input.customerName), outboxID: 7)
        let parsed = try await PythonMailCheck.parse(envelope.data)
        #expect(parsed.defects == [])
        #expect(parsed.allLinesEndInCRLF && parsed.longestLine <= 998)
        #expect(parsed.parts.map(\.type) == ["text/plain", "text/html"])
        return parsed
    }

    @Test(arguments: hostileTitles)
    func aHostileTitleStillMakesEveryEmail(title: String) async throws {
        for kind in NotificationKind.allCases {
            let input = Self.input(title: title, kind: kind)
            // Twice through the cache (fill, then serve) and once without it: all agree.
            let rendered = Self.mailer.templates.render(input)
            #expect(Self.mailer.templates.render(input) == rendered)
            #expect(Self.mailer.templates.renderUncached(RenderCache.withoutMarkers(input)) == rendered)
            #expect(!rendered.subject.contains { $0.isNewline })
            let parsed = try await Self.composedCleanly(input)
            #expect(parsed.headers["Bcc"] == nil)
            if kind == .backInStock {
                // A title that looks like a placeholder fills in nobody's name.
                let greeting = try #require(parsed.body("text/plain"))
                #expect(greeting.components(separatedBy: "Zoë").count == 2, "the name once, in the greeting")
            }
        }
    }

    static let hostilePrices: [Price] = [
        Price(minor: .max, currency: "EUR"), Price(minor: .min, currency: "EUR"), Price(minor: .max, currency: "KWD"),
        Price(minor: 1, currency: ""), Price(minor: 1, currency: "EURO"), Price(minor: 1, currency: "€"),
        Price(minor: 1, currency: "\u{E000}0\u{E001}"), Price(minor: 1, currency: "X\nY"),
        Price(minor: 1, currency: "xts"),
    ]

    static let hostileLocales: [String?] = [
        nil, "", "x", "en@currency=XYZ", "ar", "th-TH-u-nu-thai", "\u{E000}0\u{E001}", "pl\nPL", "zz-ZZ",
        String(repeating: "a", count: 10_000), "../../etc/passwd",
    ]

    @Test(arguments: hostilePrices)
    func anyPriceInAnyLocaleRenders(price: Price) async throws {
        for locale in Self.hostileLocales {
            var input = Self.input(title: "Socks", kind: .backInStock, locale: locale)
            input.items[0].price = price
            let rendered = Self.mailer.templates.render(input)
            #expect(rendered.text.contains("Socks"))
            _ = try await Self.composedCleanly(input)
        }
    }

    @Test func aPlaceholderCharacterInATemplateTurnsTheCacheOff() throws {
        let overrides = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: overrides.appendingPathComponent("en"), withIntermediateDirectories: true)
        try "Hi \u{E000}0\u{E001} {{customer_name}}".write(
            to: overrides.appendingPathComponent("en/back_in_stock.text.mustache"), atomically: true, encoding: .utf8)
        let set = try TemplateSet(overrides: overrides)
        let input = Self.input(title: "Socks", kind: .backInStock)
        #expect(set.render(input).text == "Hi \u{E000}0\u{E001} Zoë")
        #expect(set.render(input).text == "Hi \u{E000}0\u{E001} Zoë")
    }

    @Test func aFillIsTotalWhateverItsSlots() {
        let segments = RenderCache.Segments("a\u{E000}5\u{E001}b\u{E000}-3\u{E001}c\u{E000}0\u{E001}")
        #expect(segments.fill(["x"], escape: true) == "abcx")
        #expect(segments.fill([], escape: false) == "abc")
    }
}

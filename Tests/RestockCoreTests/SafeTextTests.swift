import RestockCore
import Testing

/// The one rule for one-line text that reaches an email: refused at the door, cleaned when it
/// comes from a trusted source.
@Suite struct SafeTextTests {
    static let unsafe: [String] = [
        "Ann\r\nBcc: victim@example.com", "Ann\nLee", "Ann\rLee", "Ann\0", "Ann\u{7F}", "Ann\u{85}Lee",
        "Ann\u{9B}31m", "Tab\there", "Ann\u{2028}Lee", "\u{202E}moc.elpmaxe", "Ann\u{2066}x\u{2069}",
        "zero\u{200B}width", "\u{FEFF}Ann", "Ann\u{1B}[31m",
    ]

    @Test(arguments: unsafe)
    func controlsAndLineBreaksAreRefusedAtTheDoor(_ text: String) {
        #expect(SafeText.problem(text, maxLength: 200) == "must not contain line breaks or control characters")
    }

    @Test(arguments: unsafe)
    func cleanedTextIsOneLineTheDoorWouldAccept(_ text: String) {
        let line = SafeText.line(text, maxLength: 200)
        #expect(SafeText.problem(line, maxLength: 200) == nil, "\(line.debugDescription)")
        #expect(SafeText.line(line, maxLength: 200) == line, "cleaning twice changes nothing")
    }

    @Test func realNamesAndTitlesPassUnchanged() {
        for text in [
            "Zoë Łukasiewicz-O'Brien", "山田 太郎", "محمد", "👩‍👩‍👧 family pack", "Wool socks (navy, 42–44)", "می‌خواهم",
        ] {
            #expect(SafeText.problem(text, maxLength: 200) == nil, "\(text)")
            #expect(SafeText.line(text, maxLength: 200) == text)
        }
    }

    @Test func lineBreaksBecomeSpacesAndControlsVanish() {
        #expect(SafeText.line("Ann\r\nLee", maxLength: 50) == "Ann Lee")
        #expect(SafeText.line("  Wool\tsocks\0\u{202E} ", maxLength: 50) == "Wool socks")
        #expect(SafeText.line("\r\n\0", maxLength: 50) == "")
        #expect(SafeText.nonEmptyLine("\r\n\0", maxLength: 50) == nil)
    }

    @Test func lengthIsCappedWithoutSplittingACharacter() {
        #expect(
            SafeText.problem(String(repeating: "a", count: 201), maxLength: 200) == "must be at most 200 characters")
        #expect(SafeText.problem(String(repeating: "a", count: 200), maxLength: 200) == nil)
        #expect(SafeText.line(String(repeating: "ab", count: 1_000), maxLength: 5) == "ababa")
        // "é" as e + combining acute is two scalars: the cut keeps both or neither.
        let decomposed = String(repeating: "e\u{301}", count: 10)
        #expect(SafeText.line(decomposed, maxLength: 5) == String(repeating: "e\u{301}", count: 2))
    }

    @Test func urlsMustBeAbsoluteHTTPWithAHost() {
        #expect(
            WebAddress.normalized("https://shop.example/p/socks?c=navy#top")
                == "https://shop.example/p/socks?c=navy#top")
        #expect(WebAddress.normalized("HTTP://Shop.example:8080") == "http://Shop.example:8080")
        #expect(WebAddress.normalized("https://[2001:db8::1]/x") == "https://[2001:db8::1]/x")
        #expect(WebAddress.normalized("https://sklep.example/żółw") == "https://sklep.example/%C5%BC%C3%B3%C5%82w")
        for bad in [
            "javascript:alert(1)", "data:text/html,x", "//shop.example/p", "/p/socks", "https://", "https:///p",
            "https://shop.example@evil.example/", "https://shop.example/p\r\nSet-Cookie: x", "https://shop.example/a b",
            "https://shop.example/\"onmouseover=", "https://shop.example/<script>", "https://sho p.example/",
            "https://shop.example:99999999/", "https://shop.example/\u{202E}", "ftp://shop.example/",
            "https://shop.example/" + String(repeating: "a", count: 2_048), "https://-shop.example/",
        ] {
            #expect(WebAddress.normalized(bad) == nil, "\(bad.debugDescription)")
            #expect(WebAddress.problem(bad) == WebAddress.requirement)
        }
    }

    @Test func localesAreLanguageTags() {
        #expect(LanguageTag.normalized("pl") == "pl")
        #expect(LanguageTag.normalized("pl_PL") == "pl-PL")
        #expect(LanguageTag.normalized("zh-Hant-TW") == "zh-Hant-TW")
        for bad in [
            "", "p", "en@currency=XYZ", "en-", "en--GB", "123", "en GB", "en-GB\n", String(repeating: "a", count: 36),
        ] {
            #expect(LanguageTag.normalized(bad) == nil, "\(bad.debugDescription)")
        }
    }

    @Test func currenciesAreThreeLetters() {
        #expect(CurrencyCode.normalized("pln") == "PLN")
        for bad in ["", "EU", "EURO", "€", "E1R", "ÉUR"] {
            #expect(CurrencyCode.normalized(bad) == nil, "\(bad)")
        }
    }

    @Test func idsAreBoundedAndHaveNoControls() {
        #expect(ExternalID.problem("271878346596884015") == nil)
        #expect(ExternalID.problem("") == "must not be empty")
        #expect(ExternalID.problem("v1\nv2") == "must not contain line breaks or control characters")
        #expect(ExternalID.problem(String(repeating: "9", count: 256)) == "must be at most 255 characters")
    }

    @Test func aStoredCatalogEntryIsCleanedForEmails() {
        let stored = CatalogEntry(
            variantID: "v1", productTitle: "Wool\r\nsocks\0", variantTitle: "\u{202E}", url: "javascript:alert(1)",
            imageURL: "https://cdn.example/socks.jpg", priceMinor: 1_999, currency: "zł")
        let clean = stored.sanitized
        #expect(clean.productTitle == "Wool socks")
        #expect(clean.variantTitle == nil)
        #expect(clean.url == nil)
        #expect(clean.imageURL == "https://cdn.example/socks.jpg")
        #expect(clean.priceMinor == nil && clean.currency == nil, "a price in no currency is no price")
        #expect(clean.sanitized == clean)
        let priceOnly = CatalogEntry(variantID: "v1", priceMinor: 500).sanitized
        #expect(priceOnly.priceMinor == 500, "an update may leave the stored currency")
        #expect(CatalogEntry(variantID: "v1", priceMinor: -1, currency: "EUR").sanitized.priceMinor == nil)
    }

    @Test func theDoorNamesTheCatalogFieldItRefuses() {
        let cases: [(CatalogEntry, String)] = [
            (CatalogEntry(variantID: "v1", productTitle: "Socks\n"), "events[1].product_title"),
            (
                CatalogEntry(variantID: "v1", variantTitle: String(repeating: "x", count: 501)),
                "events[1].variant_title"
            ),
            (CatalogEntry(variantID: "v1", url: "javascript:alert(1)"), "events[1].url"),
            (CatalogEntry(variantID: "v1", imageURL: "https://cdn.example/a b.jpg"), "events[1].image_url"),
            (CatalogEntry(variantID: "v1", priceMinor: 100, currency: "EURO"), "events[1].currency"),
            (CatalogEntry(variantID: "v1", priceMinor: -100, currency: "EUR"), "events[1].price"),
        ]
        for (entry, field) in cases {
            #expect(throws: PayloadError.self, "\(field)") { try entry.validated(prefix: "events[1].") }
            do {
                _ = try entry.validated(prefix: "events[1].")
            } catch {
                #expect(error.message.hasPrefix(field + ":"), "\(error.message)")
            }
        }
        let good = CatalogEntry(variantID: "v1", productTitle: "Socks", url: "https://shop.example/ż", currency: "eur")
        let validated = try? good.validated()
        #expect(validated?.url == "https://shop.example/%C5%BC" && validated?.currency == "EUR")
    }
}

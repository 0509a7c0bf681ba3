import Foundation
import RestockMail
import Testing

/// The pages the links in emails open, rendered from the template set: today's wording in both
/// shipped languages, values escaped by the engine, and a shop's override in effect.
@Suite struct LinkPageTemplateTests {
    /// Title, text and button (asking pages only) of every page, as shipped.
    static let wording: [String: [LinkPageKind: (String, String, String?)]] = [
        "en": [
            .unsubscribe: ("Unsubscribe", "Stop all back-in-stock emails from Wool to this address?", "Unsubscribe"),
            .unsubscribed: ("You are unsubscribed", "Wool will send this address no more back-in-stock emails.", nil),
            .resubscribe: (
                "Keep your place", "Stay in the queue, in your old place, and hear from Wool when it is back?",
                "Keep my place"
            ),
            .resubscribed: (
                "You are back in the queue", "You kept your old place. Wool will email you when it is back.", nil
            ),
            .confirm: (
                "Confirm your alert", "Confirm that you want an email from Wool when this item is back.", "Confirm"
            ),
            .confirmed: ("Confirmed", "Wool will email you when it is back.", nil),
            .ended: ("This alert has ended", "You can ask again on the product's page at Wool.", nil),
            .invalid: ("This link does not work", "It is not valid or has expired.", nil),
        ],
        "pl": [
            .unsubscribe: (
                "Wypisz się", "Przestać wysyłać na ten adres powiadomienia o dostępności od Wool?", "Wypisz mnie"
            ),
            .unsubscribed: ("Wypisano", "Wool nie wyśle już na ten adres powiadomień o dostępności.", nil),
            .resubscribe: (
                "Zachowaj swoje miejsce",
                "Zostać w kolejce, na dawnym miejscu, i dostać wiadomość od Wool, gdy produkt wróci?",
                "Zachowaj moje miejsce"
            ),
            .resubscribed: (
                "Jesteś z powrotem w kolejce",
                "Twoje dawne miejsce zostało zachowane. Wool napisze, gdy produkt wróci.",
                nil
            ),
            .confirm: (
                "Potwierdź powiadomienie", "Potwierdź, że chcesz dostać wiadomość od Wool, gdy ten produkt wróci.",
                "Potwierdzam"
            ),
            .confirmed: ("Potwierdzone", "Wool napisze, gdy produkt wróci.", nil),
            .ended: ("To powiadomienie już wygasło", "Możesz zapisać się ponownie na stronie produktu w Wool.", nil),
            .invalid: ("Ten link nie działa", "Jest nieprawidłowy lub wygasł.", nil),
        ],
    ]

    @Test(arguments: ["en", "pl"], LinkPageKind.allCases)
    func everyPageSaysTodaysWording(locale: String, page: LinkPageKind) throws {
        let html = try TemplateSet().renderPage(page, locale: locale, shopName: "Wool")
        let (title, text, button) = try #require(Self.wording[locale]?[page])
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(locale)\">"))
        #expect(html.contains("<title>\(title)</title>") && html.contains("<h1>\(title)</h1>"))
        #expect(html.contains("<p>\(text)</p>"))
        if let button {
            #expect(html.contains(#"<form method="post"><button type="submit">\#(button)</button></form>"#))
        } else {
            #expect(!html.contains("<form"))
        }
        #expect(html.hasSuffix("</body></html>"))
    }

    @Test func aHostileShopNameIsEscapedByTheEngine() throws {
        let hostile = #"<script>alert(1)</script> "O'Brien" & "\#u{301}"#
        let html = try TemplateSet().renderPage(.unsubscribe, locale: "en", shopName: hostile)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains(#""O'Brien""#) && html.contains("&amp;"))
    }

    @Test func anOverrideChangesItsPageAndTheFrameChangesThemAll() throws {
        let overrides = try TemplateSetTests.scratch()
        try TemplateSetTests.write(
            "{{<page}}{{$title}}Bye{{/title}}{{$text}}No more mail from {{shop.name}}.{{/text}}{{/page}}\n",
            to: overrides, "en/page_unsubscribed.html.mustache")
        var set = try TemplateSet(overrides: overrides)
        let changed = set.renderPage(.unsubscribed, locale: "en", shopName: "Wool")
        #expect(changed.contains("<h1>Bye</h1><p>No more mail from Wool.</p>"))
        #expect(set.renderPage(.unsubscribed, locale: "pl", shopName: "Wool").contains("<h1>Wypisano</h1>"))

        try TemplateSetTests.write(
            "<main>{{$title}}{{/title}}: {{$text}}{{/text}}</main>\n", to: overrides, "en/page.html.mustache")
        set = try TemplateSet(overrides: overrides)
        #expect(
            set.renderPage(.unsubscribed, locale: "en", shopName: "Wool") == "<main>Bye: No more mail from Wool.</main>"
        )
        #expect(
            set.renderPage(.invalid, locale: "en", shopName: "Wool")
                == "<main>This link does not work: It is not valid or has expired.</main>")
        #expect(set.ignoredFiles.isEmpty)
    }

    @Test func theBrowsersFirstLanguageWithPagesIsUsed() throws {
        let set = try TemplateSet()
        #expect(set.pageLocale(acceptLanguage: "pl-PL,pl;q=0.9,en;q=0.8") == "pl")
        #expect(set.pageLocale(acceptLanguage: "de-DE, pl;q=0.5") == "pl")
        #expect(set.pageLocale(acceptLanguage: "en-GB,pl") == "en")
        #expect(set.pageLocale(acceptLanguage: "de") == "en")
        #expect(set.pageLocale(acceptLanguage: nil) == "en")
        #expect(set.pageLocale(acceptLanguage: String(repeating: "x,", count: 10_000)) == "en")
    }
}

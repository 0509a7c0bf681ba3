import Foundation
import HTTPTypes
import Hummingbird
import RestockCore

/// The small pages the links in emails open, in English or Polish (the languages the shipped
/// templates speak), chosen by the browser's `Accept-Language`.
struct LinkPage: Sendable {
    enum Language: Sendable {
        case english, polish

        /// The first of the listed languages we speak; q-values are ignored, as browsers list
        /// languages in the user's order anyway.
        static func preferred(by header: String?) -> Language {
            for tag in (header ?? "").split(separator: ",") {
                let primary = tag.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                if primary.hasPrefix("pl") { return .polish }
                if primary.hasPrefix("en") { return .english }
            }
            return .english
        }
    }

    enum Kind: Sendable {
        /// The page with the button that POSTs.
        case ask(LinkAction)
        case done(LinkAction)
        case ended
        case invalid
    }

    let language: Language
    let shopName: String

    func response(_ kind: Kind) -> Response {
        let (title, text, button) = wording(kind)
        let form = button.map { #"<form method="post"><button type="submit">\#($0.htmlEscaped)</button></form>"# } ?? ""
        let html = """
            <!DOCTYPE html>
            <html lang="\(language == .polish ? "pl" : "en")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>\(title.htmlEscaped)</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
            button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.3rem;background:#222;color:#fff;cursor:pointer}</style>
            </head><body><h1>\(title.htmlEscaped)</h1><p>\(text.htmlEscaped)</p>\(form)</body></html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // The token is a capability: keep it out of caches, referrers and search engines, and
        // the button out of other sites' frames.
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Robots-Tag")!] = "noindex"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        let status: HTTPResponse.Status =
            switch kind {
            case .invalid: .notFound
            case .ended: .gone
            case .ask, .done: .ok
            }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Title, text and the button (on asking pages only).
    func wording(_ kind: Kind) -> (String, String, String?) {
        let shop = shopName
        switch (language, kind) {
        case (.english, .ask(.unsubscribe)):
            return ("Unsubscribe", "Stop all back-in-stock emails from \(shop) to this address?", "Unsubscribe")
        case (.english, .done(.unsubscribe)):
            return ("You are unsubscribed", "\(shop) will send this address no more back-in-stock emails.", nil)
        case (.english, .ask(.resubscribe)):
            return (
                "Keep your place", "Stay in the queue, in your old place, and hear from \(shop) when it is back?",
                "Keep my place"
            )
        case (.english, .done(.resubscribe)):
            return (
                "You are back in the queue", "You kept your old place. \(shop) will email you when it is back.", nil
            )
        case (.english, .ask(.confirm)):
            return (
                "Confirm your alert", "Confirm that you want an email from \(shop) when this item is back.", "Confirm"
            )
        case (.english, .done(.confirm)):
            return ("Confirmed", "\(shop) will email you when it is back.", nil)
        case (.english, .ended):
            return ("This alert has ended", "You can ask again on the product's page at \(shop).", nil)
        case (.english, .invalid):
            return ("This link does not work", "It is not valid or has expired.", nil)
        case (.polish, .ask(.unsubscribe)):
            return (
                "Wypisz się", "Przestać wysyłać na ten adres powiadomienia o dostępności od \(shop)?", "Wypisz mnie"
            )
        case (.polish, .done(.unsubscribe)):
            return ("Wypisano", "\(shop) nie wyśle już na ten adres powiadomień o dostępności.", nil)
        case (.polish, .ask(.resubscribe)):
            return (
                "Zachowaj swoje miejsce",
                "Zostać w kolejce, na dawnym miejscu, i dostać wiadomość od \(shop), gdy produkt wróci?",
                "Zachowaj moje miejsce"
            )
        case (.polish, .done(.resubscribe)):
            return (
                "Jesteś z powrotem w kolejce",
                "Twoje dawne miejsce zostało zachowane. \(shop) napisze, gdy produkt wróci.", nil
            )
        case (.polish, .ask(.confirm)):
            return (
                "Potwierdź powiadomienie", "Potwierdź, że chcesz dostać wiadomość od \(shop), gdy ten produkt wróci.",
                "Potwierdzam"
            )
        case (.polish, .done(.confirm)):
            return ("Potwierdzone", "\(shop) napisze, gdy produkt wróci.", nil)
        case (.polish, .ended):
            return ("To powiadomienie już wygasło", "Możesz zapisać się ponownie na stronie produktu w \(shop).", nil)
        case (.polish, .invalid):
            return ("Ten link nie działa", "Jest nieprawidłowy lub wygasł.", nil)
        }
    }
}

import HTTPTypes
import Hummingbird
import RestockMail

/// The small pages the links in emails open, rendered from the template set mail uses
/// (``TemplateSet/renderPage(_:locale:shopName:)``), in the browser's language
/// (`Accept-Language`) where the set has pages for it: a shop rewords, restyles or translates
/// them as it does its emails, and a reload (SIGHUP) replaces them with the rest.
struct LinkPage: Sendable {
    enum Kind: Sendable {
        /// The page with the button that POSTs.
        case ask(LinkAction)
        case done(LinkAction)
        case ended
        case invalid

        var template: LinkPageKind {
            switch self {
            case .ask(.unsubscribe): .unsubscribe
            case .ask(.resubscribe): .resubscribe
            case .ask(.confirm): .confirm
            case .done(.unsubscribe): .unsubscribed
            case .done(.resubscribe): .resubscribed
            case .done(.confirm): .confirmed
            case .ended: .ended
            case .invalid: .invalid
            }
        }

        var status: HTTPResponse.Status {
            switch self {
            case .invalid: .notFound
            case .ended: .gone
            case .ask, .done: .ok
            }
        }
    }

    let templates: TemplateSet
    let locale: String
    let shopName: String

    init(templates: TemplateSet, acceptLanguage: String?, shopName: String) {
        self.templates = templates
        self.locale = templates.pageLocale(acceptLanguage: acceptLanguage)
        self.shopName = shopName
    }

    func response(_ kind: Kind) -> Response {
        let html = templates.renderPage(kind.template, locale: locale, shopName: shopName)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // The token is a capability: keep it out of caches, referrers and search engines, and
        // the button out of other sites' frames.
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Robots-Tag")!] = "noindex"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: kind.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

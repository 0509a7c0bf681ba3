import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import RestockCore
import RestockEngine
import RestockMail

/// What a page link does; each has its own route and token purpose.
enum LinkAction: Sendable {
    case unsubscribe, resubscribe, confirm

    var purpose: LinkToken.Purpose {
        switch self {
        case .unsubscribe: .unsubscribe
        case .resubscribe: .resubscribe
        case .confirm: .confirm
        }
    }
}

/// `/u/{token}`, `/r/{token}` and `/c/{token}`: the links in Restock's emails
/// (docs/ARCHITECTURE.md §7).
///
/// GET only shows a page with a button; the change happens on POST. Mail scanners and link
/// previews follow every GET in a message, so a GET that acted would unsubscribe, re-subscribe
/// or confirm people who never clicked. RFC 8058's one-click unsubscribe is a POST to the same
/// URL, which works without the page.
struct LinksController: Sendable {
    let engine: RestockEngine
    let tokens: LinkTokenReader
    let shopName: String
    /// Mail's templates, which hold the pages too; read per request, so a reload shows at once.
    let templates: TemplateLibrary

    init(
        engine: RestockEngine, configuration: HTTPConfiguration, templates: TemplateLibrary,
        clock: @escaping @Sendable () -> Timestamp
    ) {
        self.engine = engine
        self.tokens = LinkTokenReader(secret: configuration.linkSecret, clock: clock)
        self.shopName = configuration.shopName
        self.templates = templates
    }

    func page(_ request: Request) -> LinkPage {
        LinkPage(templates: templates.current, acceptLanguage: request.headers[.acceptLanguage], shopName: shopName)
    }

    func endpoints(_ action: LinkAction) -> RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get(":token") { request, context in try show(action, request, context) }
        routes.post(":token") { request, context in try await act(action, request, context) }
        return routes
    }

    func show(_ action: LinkAction, _ request: Request, _ context: RestockRequestContext) throws -> Response {
        let page = page(request)
        guard token(action, context) != nil else { return page.response(.invalid) }
        return page.response(.ask(action))
    }

    func act(_ action: LinkAction, _ request: Request, _ context: RestockRequestContext) async throws
        -> Response
    {
        let page = page(request)
        guard let token = token(action, context) else { return page.response(.invalid) }
        let outcome: LinkOutcome =
            switch action {
            case .unsubscribe: try await engine.unsubscribe(customerID: token.id)
            case .resubscribe: try await engine.resubscribe(watchID: token.id)
            case .confirm: try await engine.confirm(watchID: token.id)
            }
        switch outcome {
        case .done, .already: return page.response(.done(action))
        case .ended: return page.response(.ended)
        case .unknown: return page.response(.invalid)
        }
    }

    func token(_ action: LinkAction, _ context: RestockRequestContext) -> LinkToken? {
        tokens.token(action.purpose, context)
    }
}

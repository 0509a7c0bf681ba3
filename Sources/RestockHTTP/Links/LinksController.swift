import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import RestockCore
import RestockEngine

/// `/u/{token}`, `/r/{token}` and `/c/{token}`: the links in Restock's emails (DESIGN.md §7).
///
/// GET only shows a page with a button; the change happens on POST. Mail scanners and link
/// previews follow every GET in a message, so a GET that acted would unsubscribe, re-subscribe
/// or confirm people who never clicked. RFC 8058's one-click unsubscribe is a POST to the same
/// URL, which works without the page.
struct LinksController: Sendable {
    let engine: RestockEngine
    let secret: SymmetricKey?
    let shopName: String
    let clock: @Sendable () -> Timestamp

    init(engine: RestockEngine, configuration: HTTPConfiguration, clock: @escaping @Sendable () -> Timestamp) {
        self.engine = engine
        self.secret =
            configuration.linkSecret.utf8.count >= 16 ? SymmetricKey(data: Data(configuration.linkSecret.utf8)) : nil
        self.shopName = configuration.shopName
        self.clock = clock
    }

    func endpoints(_ purpose: LinkToken.Purpose) -> RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get(":token") { request, context in try show(purpose, request, context) }
        routes.post(":token") { request, context in try await act(purpose, request, context) }
        return routes
    }

    func show(_ purpose: LinkToken.Purpose, _ request: Request, _ context: RestockRequestContext) throws -> Response {
        let page = LinkPage(language: .preferred(by: request.headers[.acceptLanguage]), shopName: shopName)
        guard token(purpose, context) != nil else { return page.response(.invalid) }
        return page.response(.ask(purpose))
    }

    func act(_ purpose: LinkToken.Purpose, _ request: Request, _ context: RestockRequestContext) async throws
        -> Response
    {
        let page = LinkPage(language: .preferred(by: request.headers[.acceptLanguage]), shopName: shopName)
        guard let token = token(purpose, context) else { return page.response(.invalid) }
        let outcome: LinkOutcome =
            switch purpose {
            case .unsubscribe: try await engine.unsubscribe(customerID: token.id)
            case .resubscribe: try await engine.resubscribe(watchID: token.id)
            case .confirm: try await engine.confirm(watchID: token.id)
            }
        switch outcome {
        case .done, .already: return page.response(.done(purpose))
        case .ended: return page.response(.ended)
        case .unknown: return page.response(.invalid)
        }
    }

    /// The path's token if it is ours, for this route, and still valid.
    func token(_ purpose: LinkToken.Purpose, _ context: RestockRequestContext) -> LinkToken? {
        guard let secret, let text = context.parameters.get("token") else { return nil }
        return LinkToken.decode(text, purpose: purpose, secret: secret, now: clock())
    }
}

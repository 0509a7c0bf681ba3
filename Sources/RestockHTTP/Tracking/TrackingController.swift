import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RestockCore
import RestockEngine
import RestockMail

/// `/t/o/{token}` (the open pixel) and `/t/c/{token}` (a tracked link), for issue 4's
/// measurement. Both answer HEAD too, since scanners send it; it is recorded, as a machine.
///
/// The pixel always answers 200 with the image, whatever the token: an email client shows a
/// broken image for anything else, and the answer must not tell a prober which tokens exist.
/// A click redirects only to the URL stored for that link of that email, found by the link id
/// the signed token names; anything else gets a 404 page and is not recorded.
struct TrackingController: Sendable {
    let engine: RestockEngine
    let tokens: LinkTokenReader
    let shopName: String
    /// For the "link does not work" page, the one the link pages show.
    let templates: TemplateLibrary
    let attributionParameter: String
    let logger = Logger(label: "restock.tracking")

    init(
        engine: RestockEngine, configuration: HTTPConfiguration, templates: TemplateLibrary,
        clock: @escaping @Sendable () -> Timestamp
    ) {
        self.engine = engine
        self.templates = templates
        self.tokens = LinkTokenReader(secret: configuration.linkSecret, clock: clock)
        self.shopName = configuration.shopName
        self.attributionParameter = configuration.attributionParameter
    }

    var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get("o/:token") { request, context in await open(request, context) }
        routes.head("o/:token") { request, context in await open(request, context) }
        routes.get("c/:token") { request, context in await click(request, context) }
        routes.head("c/:token") { request, context in await click(request, context) }
        return routes
    }

    func open(_ request: Request, _ context: RestockRequestContext) async -> Response {
        if let token = tokens.token(.open, context) {
            do {
                _ = try await engine.recordOpen(outboxID: token.id, request: trackingRequest(request, context))
            } catch {
                // The image is answered anyway: the open is lost, the email still looks right.
                logger.error("open not recorded", metadata: ["error": "\(error)"])
            }
        }
        return TrackingPixel.response
    }

    func click(_ request: Request, _ context: RestockRequestContext) async -> Response {
        let page = LinkPage(
            templates: templates.current, acceptLanguage: request.headers[.acceptLanguage], shopName: shopName)
        guard let secret = tokens.secret, let token = tokens.token(.click, context) else {
            return page.response(.invalid)
        }
        // A repeat of a click counted already (no event) is redirected all the same.
        let found: (link: TrackedLink, event: TrackingEvent?)?
        do {
            found = try await engine.followClick(linkID: token.id, request: trackingRequest(request, context))
        } catch {
            logger.error("click not recorded", metadata: ["error": "\(error)"])
            return Response(
                status: .serviceUnavailable,
                headers: [.retryAfter: String(StoreUnavailableMiddleware.retryAfterSeconds)])
        }
        guard let (link, _) = found else { return page.response(.invalid) }
        let attribution = LinkToken(
            purpose: .attribution, id: link.id, expiresAt: tokens.clock().adding(seconds: Self.attributionLifetime)
        ).encoded(secret: secret)
        var headers = HTTPFields()
        headers[.location] = Self.appending(attributionParameter, attribution, to: link.url)
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: .found, headers: headers)
    }

    /// A year: an order can name its email long after the click (a cart kept open), and the
    /// attribution window decides what still counts.
    static let attributionLifetime: Double = 365 * 86_400

    /// `url` with `name=value` added to its query, before any fragment.
    static func appending(_ name: String, _ value: String, to url: String) -> String {
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let base = String(parts[0])
        let separator = !base.contains("?") ? "?" : (base.hasSuffix("?") || base.hasSuffix("&")) ? "" : "&"
        let fragment = parts.count > 1 ? "#" + parts[1] : ""
        return base + separator + name + "=" + value + fragment
    }

    func trackingRequest(_ request: Request, _ context: RestockRequestContext) -> TrackingRequest {
        TrackingRequest(
            method: request.method.rawValue, userAgent: request.headers[.userAgent], ip: context.clientIP)
    }
}

/// The 1×1 transparent GIF of the open pixel, and the headers that keep every cache from
/// answering for us (a cached pixel is an open never seen).
enum TrackingPixel {
    static let gif: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    static var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "image/gif"
        headers[.cacheControl] = "no-store, no-cache, must-revalidate, max-age=0, private"
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        headers[.expires] = "Thu, 01 Jan 1970 00:00:00 GMT"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: gif)))
    }
}

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RestockCore
import RestockEngine

/// `POST /v1/watches`: a shopper asks to be told when a variant returns.
///
/// Two callers: the shop's backend, with the admin token (trusted: no double opt-in, and may
/// set catalog details and rename a customer), and the storefront in a browser, allowed only
/// from configured origins and rate-limited per IP and per email, which may only create
/// watches (``RestockEngine/subscribe(_:)``). Either way the answer is the same whether the address was new or already subscribed, so
/// the endpoint cannot be used to learn who subscribes.
public struct WatchesController: Sendable {
    let engine: RestockEngine
    let adminToken: String
    let allowedOrigins: Set<String>
    let perIP: RateLimiter
    let perEmail: RateLimiter
    let nowSeconds: @Sendable () -> Double

    public init(engine: RestockEngine, configuration: HTTPConfiguration, nowSeconds: @escaping @Sendable () -> Double) {
        self.engine = engine
        self.adminToken = configuration.adminToken
        self.allowedOrigins = Set(configuration.allowedOrigins)
        self.perIP = RateLimiter(perHour: configuration.ratePerIP, maxKeys: configuration.rateLimits.maxClients)
        self.perEmail = RateLimiter(perHour: configuration.ratePerEmail, maxKeys: configuration.rateLimits.maxClients)
        self.nowSeconds = nowSeconds
    }

    public var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.post(use: create)
        routes.on("", method: .options, use: refusePreflight)
        return routes
    }

    /// CORS for the allowed origins: a preflight is answered before it reaches the routes, and
    /// every answer to an allowed origin (errors included) carries `Access-Control-Allow-Origin`.
    public var cors: some RouterMiddleware<RestockRequestContext> {
        AllowedOriginsCORSMiddleware(
            origins: Array(allowedOrigins), allowMethods: [.post], allowHeaders: [.contentType],
            maxAge: TimeAmount.seconds(Int64(600)))
    }

    struct Body: Decodable {
        var email: String
        var variant_id: FlexibleID
        var location_id: FlexibleID?
        var quantity: Int?
        var locale: String?
        var name: String?
        var product_title: String?
        var variant_title: String?
        var url: String?
        var image_url: String?
        var price: String?
        var currency: String?
        /// The wording the shopper agreed to, kept as evidence of consent.
        var consent: String?
    }

    struct Answer: Encodable {
        var status = "ok"
        var message = "If the address can receive email, it will hear when this item is back."
        var watch_id: String?
        var state: String?
    }

    func create(request: Request, context: RestockRequestContext) async throws -> Response {
        let trusted = try authorize(request)
        if !trusted, let wait = perIP.take(context.clientKey, now: nowSeconds()) {
            throw RateLimitMiddleware.tooManyRequests(wait: wait)
        }
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let body = try decode(Body.self, from: buffer)
        let request = try validated { () throws(PayloadError) in
            try subscribeRequest(body, trusted: trusted, ip: context.clientIP)
        }
        if !trusted, let wait = perEmail.take(request.email, now: nowSeconds()) {
            throw RateLimitMiddleware.tooManyRequests(wait: wait)
        }
        let result = try await engine.subscribe(request)
        var answer = Answer()
        if trusted {
            answer.watch_id = String(result.watchID)
            answer.state = result.state.rawValue
        }
        return try jsonResponse(answer, status: .accepted)
    }

    /// A preflight that reaches the route came from no allowed origin (``cors`` answers the
    /// others).
    func refusePreflight(request: Request, context: RestockRequestContext) async throws -> Response {
        throw HTTPError(.forbidden, message: "origin not allowed (restock.watches.allowedOrigins)")
    }

    /// True for the shop backend (admin token), false for an allowed browser origin; anything else
    /// is refused before the body is read.
    func authorize(_ request: Request) throws -> Bool {
        if request.headers[.authorization] != nil {
            guard request.bearerToken.map({ constantTimeEqual($0, adminToken) }) == true else {
                throw HTTPError(.unauthorized, message: "admin token does not match")
            }
            return true
        }
        guard let origin = request.headers[.origin], allowedOrigins.contains(origin) else {
            throw HTTPError(
                .unauthorized,
                message:
                    "send the admin token (Authorization: Bearer …) or call from an allowed origin (restock.watches.allowedOrigins)"
            )
        }
        return false
    }

    /// Every field is checked on the way in, whoever calls: a bad one is a 400 naming it, and
    /// nothing is stored or queued. The catalog fields are checked even from the storefront,
    /// where the engine then ignores them (``SubscribeRequest/catalog``).
    func subscribeRequest(_ body: Body, trusted: Bool, ip: String) throws(PayloadError) -> SubscribeRequest {
        let email: String
        do { email = try EmailAddress.normalize(body.email) } catch { throw PayloadError("email", "\(error)") }
        let quantity = body.quantity ?? 1
        guard (1...1000).contains(quantity) else { throw PayloadError("quantity", "must be between 1 and 1000") }
        let locale = try FieldCheck.locale(body.locale, field: "locale")
        let name = try FieldCheck.name(body.name, field: "name")
        let consent = try FieldCheck.record(body.consent, field: "consent")
        var priceMinor: Int64? = nil
        if let price = body.price {
            guard let currency = body.currency else { throw PayloadError("currency", "required with `price`") }
            guard let minor = Money.minorUnits(price, currency: currency) else {
                throw PayloadError("price", "expected a decimal like \"19.99\"")
            }
            priceMinor = minor
        }
        let catalog = try CatalogEntry(
            variantID: body.variant_id.value, productTitle: body.product_title, variantTitle: body.variant_title,
            url: body.url, imageURL: body.image_url, priceMinor: priceMinor, currency: body.currency
        ).validated()
        let now = Timestamp(microseconds: Int64(nowSeconds() * 1_000_000))
        return SubscribeRequest(
            email: email, variantID: body.variant_id.value, locationID: body.location_id?.value,
            quantity: quantity, locale: locale, name: name, catalog: catalog,
            consent: Consent(source: trusted ? "backend" : "storefront", text: consent, ip: ip, at: now),
            trusted: trusted)
    }
}

/// Compares secrets without leaking their length of common prefix through timing.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    // Hashed first, so both sides are 32 bytes whatever their lengths.
    !b.isEmpty && constantTimeEqual(Array(SHA256.hash(data: Data(a.utf8))), Array(SHA256.hash(data: Data(b.utf8))))
}

import Hummingbird
import Logging
import Prometheus
import RestockCore
import RestockEngine
import RestockMail

/// Builds every route of the daemon. `restockd`'s `App+build.swift` and the HTTP tests both call
/// this, so tests exercise the real routing.
///
/// Every route open to the internet has a per-client limit (``RateLimitMiddleware``): the pages
/// mailed links open count every request, the signed and admin routes count refusals, and the
/// storefront's `POST /v1/watches` has its own per-address and per-email limits besides.
public func buildRouter(
    engine: RestockEngine, configuration: HTTPConfiguration, readiness: Readiness,
    registry: PrometheusCollectorRegistry, templates: TemplateLibrary,
    clock: @escaping @Sendable () -> Timestamp = { .now }
) -> Router<RestockRequestContext> {
    let router = Router(context: RestockRequestContext.self)
    router.add(middleware: RequestLogMiddleware(level: .debug))
    router.add(middleware: ClientAddressMiddleware(trusted: configuration.trustedProxies))
    router.add(middleware: StoreUnavailableMiddleware())
    let seconds: @Sendable () -> Double = { Double(clock().microseconds) / 1_000_000 }
    let limits = configuration.rateLimits
    let refusals = RateLimitMiddleware(
        limiter: RateLimiter(limit: limits.refusedPerMinute, window: 60, maxKeys: limits.maxClients),
        counting: .refusals, now: seconds)
    router.addRoutes(HealthController(store: engine.store, readiness: readiness, registry: registry).endpoints)
    let watches = WatchesController(engine: engine, configuration: configuration, nowSeconds: seconds)
    // Hummingbird's CORS middleware wraps a thrown error in its own type, which the router's
    // StoreUnavailableMiddleware no longer recognises: the inner one turns an outage into the
    // 503 first.
    router.group("/v1/watches").add(middleware: refusals).add(middleware: watches.cors)
        .add(middleware: StoreUnavailableMiddleware()).addRoutes(watches.endpoints)
    router.group("/v1").add(middleware: refusals)
        .addRoutes(
            GenericWebhooksController(engine: engine, configuration: configuration, nowSeconds: { Int64(seconds()) })
                .endpoints)
    let stamp: @Sendable () -> Timestamp = clock
    router.group("/webhooks/shopify").add(middleware: refusals)
        .addRoutes(ShopifyWebhooksController(engine: engine, configuration: configuration, clock: stamp).endpoints)
    router.group("/webhooks/woocommerce").add(middleware: refusals)
        .addRoutes(WooCommerceWebhooksController(engine: engine, configuration: configuration, clock: stamp).endpoints)
    router.group("/webhooks/bigcommerce").add(middleware: refusals)
        .addRoutes(BigCommerceWebhooksController(engine: engine, configuration: configuration, clock: stamp).endpoints)
    let links = LinksController(engine: engine, configuration: configuration, templates: templates, clock: clock)
    let linkLimit = RateLimitMiddleware(
        limiter: RateLimiter(limit: limits.linksPerMinute, window: 60, maxKeys: limits.maxClients),
        counting: .everyRequest, now: seconds)
    router.group("/u").add(middleware: linkLimit).addRoutes(links.endpoints(.unsubscribe))
    router.group("/r").add(middleware: linkLimit).addRoutes(links.endpoints(.resubscribe))
    router.group("/c").add(middleware: linkLimit).addRoutes(links.endpoints(.confirm))
    let trackingLimit = RateLimitMiddleware(
        limiter: RateLimiter(limit: limits.trackingPerMinute, window: 60, maxKeys: limits.maxClients),
        counting: .everyRequest, now: seconds,
        limitedResponse: { request, _ in request.uri.path.hasPrefix("/t/o/") ? TrackingPixel.response : nil })
    router.group("/t").add(middleware: trackingLimit)
        .addRoutes(
            TrackingController(engine: engine, configuration: configuration, templates: templates, clock: clock)
                .endpoints)
    router.group("/v1/stats").add(middleware: refusals)
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken))
        .addRoutes(StatsController(engine: engine, clock: clock).endpoints)
    router.group("/v1/demand").add(middleware: refusals)
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken))
        .addRoutes(DemandController(store: engine.store, clock: clock).endpoints)
    router.group("/report").add(middleware: refusals)
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken, basicRealm: "Restock report"))
        .addRoutes(ReportController(engine: engine, shopName: configuration.shopName, clock: clock).endpoints)
    router.group("/v1/outbox").add(middleware: refusals)
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken))
        .addRoutes(OutboxController(store: engine.store).endpoints)
    return router
}

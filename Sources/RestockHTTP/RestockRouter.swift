import Hummingbird
import Logging
import Prometheus
import RestockCore
import RestockEngine

/// Builds every route of the daemon. `restockd`'s `App+build.swift` and the HTTP tests both call
/// this, so tests exercise the real routing.
public func buildRouter(
    engine: RestockEngine, configuration: HTTPConfiguration, readiness: Readiness,
    registry: PrometheusCollectorRegistry, clock: @escaping @Sendable () -> Timestamp = { .now }
) -> Router<RestockRequestContext> {
    let router = Router(context: RestockRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ClientAddressMiddleware(trusted: configuration.trustedProxies))
    router.add(middleware: StoreUnavailableMiddleware())
    let seconds: @Sendable () -> Double = { Double(clock().microseconds) / 1_000_000 }
    router.addRoutes(HealthController(store: engine.store, readiness: readiness, registry: registry).endpoints)
    router.addRoutes(
        WatchesController(engine: engine, configuration: configuration, nowSeconds: seconds).endpoints,
        atPath: "/v1/watches")
    router.addRoutes(
        GenericWebhooksController(
            engine: engine, configuration: configuration, nowSeconds: { Int64(seconds()) }
        ).endpoints, atPath: "/v1")
    let stamp: @Sendable () -> Timestamp = clock
    router.addRoutes(
        ShopifyWebhooksController(engine: engine, configuration: configuration, clock: stamp).endpoints,
        atPath: "/webhooks/shopify")
    router.addRoutes(
        WooCommerceWebhooksController(engine: engine, configuration: configuration, clock: stamp).endpoints,
        atPath: "/webhooks/woocommerce")
    router.addRoutes(
        BigCommerceWebhooksController(engine: engine, configuration: configuration, clock: stamp).endpoints,
        atPath: "/webhooks/bigcommerce")
    let links = LinksController(engine: engine, configuration: configuration, clock: clock)
    router.addRoutes(links.endpoints(.unsubscribe), atPath: "/u")
    router.addRoutes(links.endpoints(.resubscribe), atPath: "/r")
    router.addRoutes(links.endpoints(.confirm), atPath: "/c")
    router.addRoutes(
        TrackingController(engine: engine, configuration: configuration, clock: clock).endpoints, atPath: "/t")
    router.group("/v1/stats")
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken))
        .addRoutes(StatsController(engine: engine, clock: clock).endpoints)
    router.group("/v1/demand")
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken))
        .addRoutes(DemandController(store: engine.store, clock: clock).endpoints)
    router.group("/report")
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken, basicRealm: "Restock report"))
        .addRoutes(ReportController(engine: engine, shopName: configuration.shopName, clock: clock).endpoints)
    router.group("/v1/outbox")
        .add(middleware: AdminTokenMiddleware(token: configuration.adminToken))
        .addRoutes(OutboxController(store: engine.store).endpoints)
    return router
}

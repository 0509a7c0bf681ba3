import Hummingbird
import Logging
import NIOCore
import Prometheus
import RestockCore

/// `GET /healthz` (the process answers), `GET /readyz` (ready and the store answers) and
/// `GET /metrics` (Prometheus text format).
public struct HealthController: Sendable {
    let store: any RestockStore
    let readiness: Readiness
    let registry: PrometheusCollectorRegistry

    public init(store: any RestockStore, readiness: Readiness, registry: PrometheusCollectorRegistry) {
        self.store = store
        self.readiness = readiness
        self.registry = registry
    }

    public var endpoints: RouteCollection<RestockRequestContext> {
        let routes = RouteCollection(context: RestockRequestContext.self)
        routes.get("healthz") { _, _ in "ok\n" }
        routes.get("readyz", use: ready)
        routes.get("metrics", use: metrics)
        return routes
    }

    func ready(request: Request, context: RestockRequestContext) async throws -> Response {
        guard readiness.isReady else {
            return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "starting\n")))
        }
        do {
            try await store.ping()
        } catch {
            context.logger.warning("readiness: store does not answer", metadata: ["error": "\(error)"])
            return Response(
                status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "store unavailable\n")))
        }
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
    }

    func metrics(request: Request, context: RestockRequestContext) async throws -> Response {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

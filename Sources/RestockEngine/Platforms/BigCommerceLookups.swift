import Curl
import Foundation
import Logging
import RestockCore
import Synchronization

/// Answers the references BigCommerce's thin webhooks queue (`platform_lookups`): reads the
/// variant's or product's inventory level, or the order and its lines, from the store API and
/// ingests what it says. A lookup stays queued until that ingest commits, so a crash or an API
/// outage delays it and loses nothing; asking twice is harmless, since the level is absolute and
/// an order is keyed by its id. A level read back is stamped with the time it was read, not the
/// webhook's: it is the store's state now, newer than any delivery, however late or out of
/// order that came.
public struct BigCommerceLookups: Sendable {
    /// Lookups taken per round.
    public static let batch = 32

    let engine: RestockEngine
    let configuration: BigCommerceConfiguration
    let fetcher: HTTPFetcher
    let logger: Logger

    public init(engine: RestockEngine, configuration: BigCommerceConfiguration, logger: Logger) {
        self.engine = engine
        self.configuration = configuration
        self.fetcher = HTTPFetcher(label: "curl.bigcommerce")
        self.logger = logger
    }

    /// Resolves the due lookups; returns how many it took.
    @discardableResult
    public func runDue() async throws -> Int {
        let now = engine.clock()
        let due = try await engine.store.transaction { tx in try tx.dueLookups(at: now, limit: Self.batch) }
        for queued in due {
            do {
                let events = try await resolve(queued.lookup, readAt: engine.clock())
                _ = try await engine.ingest(platform: events, source: "bigcommerce", receipt: nil)
                try await engine.store.transaction { tx in try tx.finishLookup(id: queued.id) }
            } catch let error as LookupError where error.isPermanent {
                logger.warning(
                    "bigcommerce lookup dropped",
                    metadata: ["restock.lookup.id": "\(queued.id)", "error": "\(error.message)"])
                try await engine.store.transaction { tx in try tx.finishLookup(id: queued.id) }
            } catch {
                let delay = min(5.0 * pow(2.0, Double(queued.attempts)), 3_600)
                logger.notice(
                    "bigcommerce lookup will be retried",
                    metadata: [
                        "restock.lookup.id": "\(queued.id)", "error": "\(error)", "restock.retry.seconds": "\(delay)",
                    ])
                let retryAt = now.adding(seconds: delay)
                try await engine.store.transaction { tx in
                    try tx.retryLookup(id: queued.id, due: retryAt, error: "\(error)")
                }
            }
        }
        return due.count
    }

    func resolve(_ lookup: PlatformLookup, readAt: Timestamp) async throws -> PlatformEvents {
        switch lookup.kind {
        case .variantInventory:
            guard let product = lookup.productID, let variant = lookup.variantID else {
                throw LookupError(message: "variant lookup without product and variant ids", isPermanent: true)
            }
            let body = try await get("/v3/catalog/products/\(product)/variants/\(variant)")
            let level = try decoded { try BigCommerceFormat.variantLevel(body: body) }
            return PlatformEvents(stock: [
                StockEvent(variantID: variant, change: .absolute(level), occurredAt: readAt)
            ])
        case .productInventory:
            guard let product = lookup.productID else {
                throw LookupError(message: "product lookup without a product id", isPermanent: true)
            }
            let body = try await get("/v3/catalog/products/\(product)")
            let (variant, level) = try decoded { try BigCommerceFormat.productLevel(body: body) }
            return PlatformEvents(stock: [
                StockEvent(variantID: variant, change: .absolute(level), occurredAt: readAt)
            ])
        case .order:
            guard let order = lookup.orderID else {
                throw LookupError(message: "order lookup without an order id", isPermanent: true)
            }
            let orderBody = try await get("/v2/orders/\(order)")
            let lines = try await get("/v2/orders/\(order)/products")
            let event = try decoded {
                try BigCommerceFormat.order(orderBody: orderBody, productsBody: lines, receivedAt: lookup.occurredAt)
            }
            return PlatformEvents(orders: [event])
        }
    }

    /// The most of one API answer that is read: a product, a variant or an order's lines (at
    /// most 250 of them a page) is a few hundred KiB. The answer is held whole to be decoded,
    /// so a server sending more (or a gzip bomb, counted decompressed) is cut off here rather
    /// than growing memory for the 30 s the request may take.
    public static let maxAnswerBytes = 8 << 20

    /// A GET with the API token; 404 is permanent (the thing is gone), other failures are not.
    /// The token goes as a credential: a redirect is not followed (it would carry the token to
    /// the host it names) but answered like any other failure, logged and retried. An answer
    /// over ``maxAnswerBytes`` is permanent: the same thing will not read shorter later.
    func get(_ path: String) async throws -> Data {
        let collected = Mutex(Data())
        let result = try await fetcher.get(
            configuration.url(path), headers: ["Accept: application/json"],
            credentials: ["X-Auth-Token: \(configuration.accessToken)"], timeout: .seconds(30)
        ) { bytes in
            try collected.withLock { data throws(LookupError) in
                guard data.count + bytes.count <= Self.maxAnswerBytes else {
                    throw LookupError(
                        message: "GET \(path) answered more than \(Self.maxAnswerBytes) bytes", isPermanent: true)
                }
                data.append(contentsOf: bytes)
            }
        }
        guard (200..<300).contains(result.status) else {
            throw LookupError(
                message: "GET \(path) answered HTTP \(result.status)", isPermanent: [404, 410].contains(result.status))
        }
        return collected.withLock { $0 }
    }

    /// An answer the API gave but we cannot read will not read better later.
    private func decoded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw LookupError(message: "unexpected API answer: \(error)", isPermanent: true)
        }
    }
}

/// Why one lookup failed; a permanent failure is dropped with a warning, any other retried.
struct LookupError: Error, CustomStringConvertible {
    var message: String
    var isPermanent: Bool
    var description: String { message }
}

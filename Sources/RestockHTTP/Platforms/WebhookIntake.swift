import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RestockCore
import RestockEngine
import Synchronization

/// Reads at most `maxBytes` of a webhook body: 413 beyond, before reading the rest.
func collectWebhookBody(_ request: Request, maxBytes: Int) async throws -> ByteBuffer {
    if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
        throw HTTPError(.contentTooLarge, message: "body exceeds \(maxBytes) bytes")
    }
    do {
        return try await request.body.collect(upTo: maxBytes)
    } catch is NIOTooManyBytesError {
        throw HTTPError(.contentTooLarge, message: "body exceeds \(maxBytes) bytes")
    }
}

extension HTTPFields {
    /// The first of several names a header goes by (Shopify's `X-Shopify-*` and `shopify-*`).
    func first(_ names: String...) -> String? {
        for name in names {
            if let field = HTTPField.Name(name), let value = self[field], !value.isEmpty { return value }
        }
        return nil
    }
}

/// Topics a platform sent that Restock does not use, each logged once per process: a shop
/// subscribed to one too many topics should see it, not a line per delivery.
final class IgnoredTopics: Sendable {
    private let seen = Mutex(Set<String>())

    func note(_ topic: String, source: String, logger: Logger) {
        let first = seen.withLock { $0.insert("\(source) \(topic)").inserted }
        if first {
            logger.notice(
                "webhook topic ignored",
                metadata: ["restock.webhook.source": "\(source)", "restock.webhook.topic": "\(topic)"])
        }
    }
}

/// What every native webhook endpoint shares once its own signature checked out: the body cap,
/// the engine's clock, and the last step, in which an unused topic gets 202 (so the platform
/// neither retries nor disables the webhook) and anything else is ingested in one durable
/// transaction under its receipt before the 200.
struct WebhookIntake: Sendable {
    let source: String
    let engine: RestockEngine
    let maxBodyBytes: Int
    let clock: @Sendable () -> Timestamp
    let ignored = IgnoredTopics()

    init(
        source: String, engine: RestockEngine, configuration: HTTPConfiguration,
        clock: @escaping @Sendable () -> Timestamp
    ) {
        self.source = source
        self.engine = engine
        self.maxBodyBytes = configuration.maxBodyBytes
        self.clock = clock
    }

    func body(_ request: Request) async throws -> ByteBuffer {
        try await collectWebhookBody(request, maxBytes: maxBodyBytes)
    }

    func refused(_ message: String, context: RestockRequestContext) -> HTTPError {
        context.logger.notice(
            "webhook refused",
            metadata: ["restock.webhook.source": "\(source)", "restock.webhook.reason": "\(message)"])
        return HTTPError(.unauthorized, message: message)
    }

    func finish(_ events: PlatformEvents, receipt: DeliveryReceipt, context: RestockRequestContext) async throws
        -> Response
    {
        if let topic = events.ignoredTopic {
            ignored.note(topic, source: source, logger: context.logger)
            struct Ignored: Encodable { var ignored: String }
            return try jsonResponse(Ignored(ignored: topic), status: .accepted)
        }
        let result = try await engine.ingest(platform: events, source: source, receipt: receipt)
        return try jsonResponse(result)
    }
}

/// Runs a format normalizer, turning its error into a 400 that names the field.
func normalizing(_ body: () throws(PayloadError) -> PlatformEvents) throws -> PlatformEvents {
    do {
        return try body()
    } catch {
        throw HTTPError(.badRequest, message: error.message)
    }
}

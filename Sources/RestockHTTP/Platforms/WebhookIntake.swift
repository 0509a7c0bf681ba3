import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
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
///
/// The topic header is not signed, so one captured delivery can be resent under any number of
/// made-up topics: at most ``maxRemembered`` are remembered (and logged), so that cannot grow
/// memory or the log without bound.
final class IgnoredTopics: Sendable {
    /// Far more than the topics any platform has.
    static let maxRemembered = 256
    private let seen = Mutex(Set<String>())

    /// How many topics are remembered now.
    var count: Int { seen.withLock { $0.count } }

    func note(_ topic: String, source: String, logger: Logger) {
        let first = seen.withLock { seen in
            seen.count < Self.maxRemembered && seen.insert("\(source) \(topic)").inserted
        }
        if first {
            logger.notice(
                "webhook topic ignored",
                metadata: ["restock.webhook.source": "\(source)", "restock.webhook.topic": "\(topic)"])
        }
    }
}

/// What every native webhook endpoint shares once its own signature checked out: the body cap,
/// the engine's clock, and the last step, in which an unused topic gets 202 (so the platform
/// neither retries nor disables the webhook), a delivery whose signed time is past the freshness
/// window gets 202 and changes nothing, and anything else is ingested in one durable transaction
/// under its receipt before the 200.
struct WebhookIntake: Sendable {
    let source: String
    let engine: RestockEngine
    let maxBodyBytes: Int
    /// `restock.webhook.maxAgeSeconds`.
    let maxAge: Int
    let clock: @Sendable () -> Timestamp
    let ignored = IgnoredTopics()
    let expiredDeliveries: Counter

    init(
        source: String, engine: RestockEngine, configuration: HTTPConfiguration,
        clock: @escaping @Sendable () -> Timestamp
    ) {
        self.source = source
        self.engine = engine
        self.maxBodyBytes = configuration.maxBodyBytes
        self.maxAge = configuration.platforms.maxAgeSeconds
        self.clock = clock
        self.expiredDeliveries = Counter(label: "restock_webhook_expired_total", dimensions: [("source", source)])
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
        if let signedAt = events.signedAt, signedAt < clock().adding(seconds: -Double(maxAge)) {
            return try acknowledgeExpired(signedAt: signedAt, context: context)
        }
        let result = try await engine.ingest(platform: events, source: source, receipt: receipt)
        return try jsonResponse(result)
    }

    /// A delivery dated, inside its signed body, before the freshness window: a replay of a
    /// captured delivery, or one the platform gave up retrying long ago. It is acknowledged with
    /// 202, so a platform stops sending it, and changes nothing: an old order's status must not
    /// overwrite a newer one, and a receipt for it would only grow the table.
    private func acknowledgeExpired(signedAt: Timestamp, context: RestockRequestContext) throws -> Response {
        expiredDeliveries.increment()
        let reason = "signed time \(signedAt) is older than restock.webhook.maxAgeSeconds (\(maxAge))"
        context.logger.notice(
            "webhook expired", metadata: ["restock.webhook.source": "\(source)", "restock.webhook.reason": "\(reason)"])
        struct Expired: Encodable { var expired: String }
        return try jsonResponse(Expired(expired: reason), status: .accepted)
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

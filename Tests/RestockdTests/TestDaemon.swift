import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Prometheus
import RestockCore
import RestockHTTP
import Systemd

@testable import restockd

/// The real application, built by the same function `restockd serve` uses, with an in-memory
/// configuration and SQLite in memory.
struct TestDaemon: @unchecked Sendable {
    // @unchecked: the router is built once and only read afterwards; tests share it across the
    // tasks of one router test.
    static let secret = "whsec_" + Data("restock-test-secret-0123456789".utf8).base64EncodedString()
    static let token = "test-admin-token-0123456789"

    /// One registry for the test process: swift-metrics can be bootstrapped only once.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    let daemon: Daemon
    let clock: TestClock

    init(_ settings: [String: String] = [:], clock: TestClock = TestClock()) async throws {
        var values: [AbsoluteConfigKey: ConfigValue] = [
            "restock.store.url": "sqlite::memory:",
            "restock.dataDir": ConfigValue(
                .string(NSTemporaryDirectory() + "restock-\(UUID().uuidString)"), isSecret: false),
            "restock.admin.token": ConfigValue(.string(Self.token), isSecret: true),
            "restock.webhook.secret": ConfigValue(.string(Self.secret), isSecret: true),
        ]
        for (key, value) in settings {
            values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(.string(value), isSecret: false)
        }
        try await self.init(
            configuration: try DaemonConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: values))),
            clock: clock)
    }

    /// The application for a configuration read some other way (the real sources, credentials).
    init(configuration: DaemonConfiguration, clock: TestClock = TestClock()) async throws {
        self.clock = clock
        self.daemon = try await Daemon.build(
            configuration: configuration, logger: Logger(label: "test"), notifier: .disabled,
            registry: Self.registry, clock: clock.function)
    }

    var store: any RestockStore { daemon.store }

    /// Runs `body` against the router, as Hummingbird's router tests do: no socket, real routes.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: daemon.router).test(.router, body)
    }

    /// Headers of a delivery signed with the test secret at the test clock's time.
    func signed(_ body: String, id: String = UUID().uuidString, secret: String = Self.secret) -> HTTPFields {
        let seconds = clock.now.microseconds / 1_000_000
        return [
            HTTPField.Name("webhook-id")!: id,
            HTTPField.Name("webhook-timestamp")!: String(seconds),
            HTTPField.Name("webhook-signature")!: StandardWebhookVerifier.sign(
                secret: secret, id: id, timestamp: seconds, body: Data(body.utf8)),
            .contentType: "application/json",
        ]
    }

    /// Everything a refused request must leave untouched.
    func snapshot() async throws -> [String] {
        try await store.transaction { tx in
            let counts = try tx.counts()
            let outbox = try tx.outboxEntries(state: nil, limit: 10_000).map(\.dedupeKey)
            let stock = try ["v1", "v2", "271878346596884015"].flatMap { try tx.stockLevels(variant: $0) }
            return ["\(counts)", "\(outbox)", "\(stock)"]
        }
    }
}

extension TestClientProtocol {
    func post(_ path: String, _ body: String, headers: HTTPFields) async throws -> TestResponse {
        try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Subscribes through the API as the shop backend would.
    func subscribe(_ email: String, variant: String = "v1") async throws -> TestResponse {
        try await post(
            "/v1/watches", #"{"email":"\#(email)","variant_id":"\#(variant)","consent":"Email me when it is back"}"#,
            headers: [.authorization: "Bearer \(TestDaemon.token)", .contentType: "application/json"])
    }
}

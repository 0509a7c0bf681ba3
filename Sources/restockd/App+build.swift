import Configuration
import Foundation
import Hummingbird
import LibPQ
import Logging
import Prometheus
import RestockCore
import RestockEngine
import RestockHTTP
import RestockMail
import RestockStore
import ServiceLifecycle
import Systemd
import UnixSignals

/// The one place that picks concrete stores, transports and services (docs/ARCHITECTURE.md §2).
/// Tests call ``Daemon/build(configuration:logger:notifier:registry:)`` with an in-memory
/// configuration.
struct Daemon {
    let configuration: DaemonConfiguration
    let store: any RestockStore
    let engine: RestockEngine
    let readiness: Readiness
    let router: Router<RestockRequestContext>
    /// Also among the background services; tests call it directly to send one round.
    let dispatcher: Dispatcher
    /// Long-running services that must start before the HTTP server and stop after it.
    let backgroundServices: [any Service]
    let notifier: SystemdNotifier
    let logger: Logger

    /// Opens the store for the configuration. PostgreSQL brings its pool, a service that closes
    /// the connections last at shutdown.
    static func openStore(_ configuration: DaemonConfiguration, logger: Logger) throws -> (
        any RestockStore, [any Service]
    ) {
        switch configuration.store {
        case .sqlite(let path):
            return (try SQLiteStore(path: path), [])
        case .sqliteInMemory:
            return (try SQLiteStore.inMemory(), [])
        case .postgres(let connection):
            let pool = PostgresPool(
                configuration: .init(connectionString: connection, maximumConnections: configuration.poolSize),
                logger: logger)
            return (PostgresStore(pool: pool), [pool])
        }
    }

    /// Migrates the store and builds the services: everything READY=1 waits for except the bind.
    /// Nothing is loaded from the store: it is the inverted index (docs/ARCHITECTURE.md §1), so
    /// start-up takes as long with a million watches as with none.
    static func build(
        configuration: DaemonConfiguration, logger: Logger, notifier: SystemdNotifier,
        registry: PrometheusCollectorRegistry, clock: @escaping @Sendable () -> Timestamp = { .now }
    ) async throws -> Daemon {
        let (store, storeServices) = try openStore(configuration, logger: logger)
        let applied = try await migrateWhenReachable(
            store, configuration: configuration, logger: logger, notifier: notifier)
        if !applied.isEmpty {
            logger.info("migrations applied", metadata: ["restock.migrations": "\(applied)"])
        }
        let engine = RestockEngine(store: store, configuration: configuration.engine, logger: logger, clock: clock)
        // Templates and the DKIM key are read now: a broken one stops start-up, never a send.
        let mailer = try configuration.mail.makeMailer()
        let dispatcher = Dispatcher(
            store: store, mailer: mailer, configuration: configuration.mail.dispatcher, logger: logger, clock: clock)
        let overrides = configuration.mail.templateOverrides
        let reload = ReloadService(
            signals: await UnixSignalsSequence(trapping: .sighup), library: mailer.library,
            load: { try MailSettings.loadTemplates(overrides: overrides) }, notifier: notifier,
            logger: logger)
        let readiness = Readiness()
        let router = buildRouter(
            engine: engine, configuration: configuration.http, readiness: readiness, registry: registry,
            templates: mailer.library, clock: clock)
        let status = StatusService(
            engine: engine, notifier: notifier, readiness: readiness, logger: logger,
            mailPause: { dispatcher.pauseSummary })
        let heartbeat = Heartbeat()
        let stallLimit = Self.stallLimit(configuration.mail.dispatcher)
        let watchdog = WatchdogService(notifier: notifier, logger: logger) {
            // WATCHDOG=1 while the process itself works, whether or not the store answers: an
            // outage is waited out (STATUS= and /readyz say so), and a restart would not end it.
            // A dispatcher loop that stopped going round is what a restart cures.
            heartbeat.sinceLastBeat < stallLimit
        }
        return Daemon(
            configuration: configuration, store: store, engine: engine, readiness: readiness, router: router,
            dispatcher: dispatcher,
            // CommitsService before everything that ingests: shutdown runs in reverse order.
            backgroundServices: storeServices + [
                CommitsService(engine: engine),
                DispatcherService(
                    dispatcher: dispatcher, signal: engine.outboxSignal, heartbeat: heartbeat, logger: logger),
                TimerService.waves(engine, logger: logger), TimerService.followUps(engine, logger: logger),
                watchdog, status, reload,
            ]
                + integrationServices(configuration.integrations, engine: engine, logger: logger)
                // Only PostgreSQL keeps stats increments pending; SQLite adds them to the
                // rollups at once, and a fold would only take its writer lock for nothing.
                + (store.dialect == .postgresql ? [TimerService.stats(engine, logger: logger)] : []),
            notifier: notifier, logger: logger)
    }

    /// The longest a dispatcher round can take: sends start only while half the lease is left,
    /// and one may then take its transport's whole timeout. Beyond this (and a margin), the loop
    /// is stuck, not busy.
    static func stallLimit(_ dispatcher: DispatcherConfiguration) -> Duration {
        .seconds(dispatcher.lease + 180)
    }

    /// Migrates the store, waiting for it first if it cannot be reached: a daemon started while
    /// its database restarts (a host booting, a failover) waits with STATUS= saying so, and
    /// asks systemd for more start-up time, rather than exiting into a restart loop. Under
    /// `restock.store.migrate=manual` it waits the same way for `restockd migrate`.
    static func migrateWhenReachable(
        _ store: any RestockStore, configuration: DaemonConfiguration, logger: Logger, notifier: SystemdNotifier
    ) async throws -> [Int] {
        var failures = FailureStreak(base: 1, limit: 10)
        var waitingForMigrate = false
        while true {
            notifier.notify([.status("Migrating \(configuration.storeDescription)")])
            do {
                // A long migration after an upgrade must not run into the start-up timeout.
                return try await whileExtendingStartTimeout(notifier) {
                    try await prepareSchema(
                        store, policy: configuration.migrationPolicy, storeDescription: configuration.storeDescription)
                }
            } catch let refusal as SchemaRefusal where refusal.endsWithMigrate {
                if !waitingForMigrate {
                    logger.warning("waiting for `restockd migrate`", metadata: ["reason": "\(refusal)"])
                    waitingForMigrate = true
                }
                notifier.notify([.status("Waiting for `restockd migrate`: \(refusal)"), .extendTimeout(.seconds(35))])
                try await Task.sleep(for: .seconds(5))
            } catch  where error.isStoreUnavailable {
                let decision = failures.failed()
                if decision.log {
                    logger.warning("store not answering at start; waiting for it", metadata: ["error": "\(error)"])
                }
                notifier.notify([
                    .status("Waiting for the store (\(configuration.storeDescription)): \(error)"),
                    .extendTimeout(.seconds(decision.delay + 30)),
                ])
                try await Task.sleep(for: .milliseconds(Int64(decision.delay * 1000)))
            }
        }
    }

    /// The feed poller and the BigCommerce lookups, when configured.
    static func integrationServices(_ settings: IntegrationSettings, engine: RestockEngine, logger: Logger)
        -> [any Service]
    {
        var services: [any Service] = []
        if let bigCommerce = settings.bigCommerce {
            services.append(
                TimerService.lookups(
                    BigCommerceLookups(engine: engine, configuration: bigCommerce, logger: logger), logger: logger))
        }
        if let feed = settings.feed {
            services.append(
                TimerService.feed(FeedPoller(engine: engine, configuration: feed, logger: logger), logger: logger))
        }
        return services
    }

    /// The HTTP server; READY=1 goes out from `onServerRunning`, once the socket is bound.
    func application() -> some ApplicationProtocol {
        let (readiness, engine, notifier, logger) = (readiness, engine, notifier, logger)
        let (host, port) = (configuration.host, configuration.port)
        let limits = configuration.http.serverLimits
        return Application(
            router: router,
            server: .guarded(limits: limits, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "restockd"),
            onServerRunning: { channel in
                readiness.markReady()
                let address = channel.localAddress.map { "\($0.ipAddress ?? host):\($0.port ?? port)" } ?? "?"
                // The counts come from the store; if it stopped answering since the migration,
                // READY=1 still goes out, and StatusService's next line says why.
                let counts = try? await engine.store.transaction { try $0.counts() }
                let watching = counts.map { ": \($0.liveWatches) watches on \($0.watchedVariants) variants" } ?? ""
                notifier.notify([.ready, .status("Ready on \(address)\(watching)")])
                logger.info("restockd ready", metadata: ["restock.http.address": "\(address)"])
            },
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT; shutdown goes in reverse order, so HTTP stops taking requests
    /// first and the store closes last.
    func run() async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: backgroundServices.map { .init(service: $0) }
                    + [
                        .init(service: application()),
                        .init(service: StoppingNotifier(notifier: notifier, logger: logger)),
                    ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        try await store.close()
    }
}

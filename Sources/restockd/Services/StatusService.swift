import AsyncAlgorithms
import Logging
import Metrics
import RestockCore
import RestockEngine
import RestockHTTP
import ServiceLifecycle
import Synchronization
import Systemd

/// Keeps `systemctl status` and `/metrics` current: one readable STATUS= line and the gauges for
/// watches, variants, outbox backlog and whether the store answers, every few seconds.
///
/// While the store cannot be reached the line says so, and since when; the outage is logged
/// when it starts and when it ends, not every few seconds.
struct StatusService: Service {
    let engine: RestockEngine
    let notifier: SystemdNotifier
    let readiness: Readiness
    let logger: Logger
    /// Why mail is paused, if it is (``Dispatcher/pauseSummary``).
    var mailPause: @Sendable () -> String? = { nil }
    var interval: Duration = .seconds(5)
    /// When the store stopped answering; `nil` while it answers.
    let outageStart = OutageStart()

    let watchesGauge = Gauge(label: "restock_watches_live")
    let variantsGauge = Gauge(label: "restock_variants_watched")
    let backlogGauge = Gauge(label: "restock_outbox_backlog")
    let storeUpGauge = Gauge(label: "restock_store_up")

    func run() async throws {
        for try await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
            await report()
        }
    }

    func report() async {
        let now = Timestamp.now
        do {
            let (counts, lookups) = try await engine.store.transaction { tx in
                (try tx.counts(), try tx.pendingLookups())
            }
            storeUpGauge.record(1)
            if let since = outageStart.moment.withLock({ $0.take() }) {
                logger.notice(
                    "store answers again", metadata: ["restock.store.outage_seconds": "\(now.seconds(since: since))"])
            }
            watchesGauge.record(counts.liveWatches)
            variantsGauge.record(counts.watchedVariants)
            backlogGauge.record(counts.outboxBacklog)
            guard readiness.isReady else { return }
            notifier.notify([.status(Self.line(counts, lookups: lookups, mailPause: mailPause()))])
        } catch  where error.isStoreUnavailable {
            storeUpGauge.record(0)
            let (since, started) = outageStart.moment.withLock { start in
                if let start { return (start, false) }
                start = now
                return (now, true)
            }
            if started {
                logger.warning(
                    "store not answering; waiting for it (webhooks get 503 until it returns)",
                    metadata: ["error": "\(error)"])
            }
            notifier.notify([.status(Self.outageLine(store: engine.store.location, since: since, now: now))])
        } catch {
            // The store answered, with an error: not an outage, and requests are not refused.
            logger.warning("status: the store's counts failed", metadata: ["error": "\(error)"])
        }
    }

    /// e.g. `Ready: 1204 watches on 311 variants, 3 emails waiting in the outbox`, and
    /// `, 2 BigCommerce webhooks waiting to be read back` while its API is behind or down, and
    /// `; mail paused: relay refused login (535), retrying in 40 s` while a fault of the path
    /// holds the mail back.
    static func line(_ counts: StoreCounts, lookups: Int = 0, mailPause: String? = nil) -> String {
        "Ready: \(counts.liveWatches) watches on \(counts.watchedVariants) variants, "
            + "\(counts.outboxBacklog) emails waiting in the outbox"
            + (lookups > 0 ? ", \(lookups) BigCommerce webhook\(lookups == 1 ? "" : "s") waiting to be read back" : "")
            + (mailPause.map { "; \($0)" } ?? "")
    }

    /// e.g. `Waiting for the store (PostgreSQL db.internal:5432/restock) for 35 s: webhooks get
    /// 503 until it answers; nothing is lost`.
    static func outageLine(store: String, since: Timestamp, now: Timestamp) -> String {
        "Waiting for the store (\(store)) for \(now.seconds(since: since)) s: "
            + "webhooks get 503 until it answers; nothing is lost"
    }
}

/// The moment the store stopped answering, shared by the copies of the service.
final class OutageStart: Sendable {
    let moment = Mutex<Timestamp?>(nil)
}

extension Timestamp {
    /// Whole seconds from `earlier` to this moment.
    fileprivate func seconds(since earlier: Timestamp) -> Int64 {
        (microseconds - earlier.microseconds) / 1_000_000
    }
}

/// Sends STOPPING=1 the moment shutdown starts. It is the last service in the group, so it is the
/// first to hear of the shutdown.
struct StoppingNotifier: Service {
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("stopping: draining requests and background work")
        notifier.notify([.stopping, .status("Stopping: draining")])
    }
}

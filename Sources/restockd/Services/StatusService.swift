import AsyncAlgorithms
import Logging
import Metrics
import RestockCore
import RestockEngine
import RestockHTTP
import ServiceLifecycle
import Systemd

/// Keeps `systemctl status` and `/metrics` current: one readable STATUS= line and the gauges for
/// watches, variants and outbox backlog, every few seconds.
struct StatusService: Service {
    let engine: RestockEngine
    let notifier: SystemdNotifier
    let readiness: Readiness
    let logger: Logger
    /// Why mail is paused, if it is (``Dispatcher/pauseSummary``).
    var mailPause: @Sendable () -> String? = { nil }
    var interval: Duration = .seconds(5)

    let watchesGauge = Gauge(label: "restock_watches_live")
    let variantsGauge = Gauge(label: "restock_variants_watched")
    let backlogGauge = Gauge(label: "restock_outbox_backlog")

    func run() async throws {
        for try await _ in AsyncTimerSequence(interval: interval, clock: .continuous).cancelOnGracefulShutdown() {
            await report()
        }
    }

    func report() async {
        do {
            let (counts, lookups) = try await engine.store.transaction { tx in
                (try tx.counts(), try tx.pendingLookups())
            }
            watchesGauge.record(counts.liveWatches)
            variantsGauge.record(counts.watchedVariants)
            backlogGauge.record(counts.outboxBacklog)
            guard readiness.isReady else { return }
            notifier.notify([.status(Self.line(counts, lookups: lookups, mailPause: mailPause()))])
        } catch {
            notifier.notify([.status("Store not answering: \(error)")])
            logger.warning("status: store not answering", metadata: ["error": "\(error)"])
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

import AsyncAlgorithms
import Logging
import ServiceLifecycle

/// Sends `WATCHDOG=1` to systemd at a fixed interval, but only while a health check passes.
///
/// Withholding the ping is the point: when the check fails for longer than `WatchdogSec=`,
/// systemd kills the service and `Restart=on-failure` starts a fresh one. A health check that
/// hangs withholds the ping too, which is the right outcome for a wedged process; keep the check
/// bounded anyway, because graceful shutdown waits for a running check to return.
///
/// Without a watchdog (no `WATCHDOG_USEC`, or not under systemd) `run()` only waits for graceful
/// shutdown, so the service can sit in a `ServiceGroup` unconditionally.
public struct WatchdogService: Service {
    /// Where the pings go.
    public let notifier: SystemdNotifier
    /// Time between health checks; nil when the watchdog is disabled and nothing will be sent.
    public let interval: Duration?
    private let logger: Logger
    private let healthCheck: @Sendable () async -> Bool

    /// Creates the service; `interval` defaults to half the watchdog timeout, as `sd_watchdog_enabled(3)`
    /// recommends, so one late ping does not already cost the process its life. When the notifier
    /// has no watchdog, `interval` is ignored and the service stays idle.
    public init(
        notifier: SystemdNotifier,
        interval: Duration? = nil,
        logger: Logger,
        healthCheck: @escaping @Sendable () async -> Bool
    ) {
        if let interval { precondition(interval > .zero, "watchdog interval must be positive") }
        self.notifier = notifier
        self.interval =
            notifier.isWatchdogEnabled ? (interval ?? notifier.watchdogTimeout.map { $0 / 2 }) : nil
        self.logger = logger
        self.healthCheck = healthCheck
    }

    /// Checks and pings until graceful shutdown; from then on systemd no longer expects pings.
    public func run() async throws {
        guard let interval else {
            logger.debug("systemd watchdog not enabled for this process")
            try await gracefulShutdown()
            return
        }
        logger.info(
            "systemd watchdog enabled",
            metadata: [
                "systemd.watchdog.interval": "\(interval)",
                "systemd.watchdog.timeout": "\(notifier.watchdogTimeout.map { "\($0)" } ?? "-")",
            ])
        // The suspending clock is CLOCK_MONOTONIC on Linux, the clock systemd's watchdog timer
        // uses, so a suspended machine does not look like a missed ping on either side.
        let ticks = AsyncTimerSequence(interval: interval, clock: .suspending).cancelOnGracefulShutdown()
        for try await _ in ticks {
            await tick()
        }
    }

    /// One round: check health, then ping or deliberately stay silent.
    private func tick() async {
        guard await healthCheck() else {
            logger.warning(
                "Health check failed; withholding WATCHDOG=1 so systemd restarts the service if it persists",
                metadata: ["systemd.watchdog.timeout": "\(notifier.watchdogTimeout.map { "\($0)" } ?? "-")"])
            return
        }
        do {
            try notifier.send([.watchdog])
        } catch {
            logger.error("Could not send WATCHDOG=1", metadata: ["error": "\(error)"])
        }
    }
}

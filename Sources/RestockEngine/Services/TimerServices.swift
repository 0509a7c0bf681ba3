import AsyncAlgorithms
import Logging
import ServiceLifecycle

/// Work the engine does on a timer, whose due times are rows: a tick that fails, or a daemon
/// that was down, leaves them due, so the next tick picks them up.
public struct TimerService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let tick: @Sendable () async throws -> Void

    /// Whether the first tick runs at start rather than one interval later.
    let immediately: Bool

    public init(
        name: String, interval: Duration, logger: Logger, immediately: Bool = false,
        tick: @escaping @Sendable () async throws -> Void
    ) {
        self.immediately = immediately
        self.name = name
        self.interval = interval
        self.logger = logger
        self.tick = tick
    }

    public func run() async throws {
        var failures = FailureStreak()
        if immediately { await runTick(&failures) }
        for try await _ in AsyncTimerSequence(interval: interval, clock: .continuous)
            .cancelOnGracefulShutdown()
        {
            await runTick(&failures)
        }
    }

    /// A failing tick is logged when its streak starts and when it ends, not every tick: an
    /// unreachable store would otherwise log each timer's error every second.
    private func runTick(_ failures: inout FailureStreak) async {
        do {
            try await tick()
            let ended = failures.succeeded()
            if ended > 0 { logger.notice("\(name) resumed", metadata: ["restock.failures": "\(ended)"]) }
        } catch {
            if failures.failed().log {
                logger.error("\(name) failed; retrying every tick", metadata: ["error": "\(error)"])
            } else {
                logger.debug("\(name) failed again", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Plans the later waves of open restock cycles (docs/ARCHITECTURE.md §4). The first wave of a
    /// cycle is planned inside the ingest transaction itself; this picks up every wave whose time
    /// has come, including those due before a restart.
    public static func waves(_ engine: RestockEngine, interval: Duration = .seconds(1), logger: Logger) -> Self {
        TimerService(name: "wave planning", interval: interval, logger: logger) { try await engine.runDueWaves() }
    }

    /// Runs the purchase checks at the end of each notification's window; a full batch means
    /// more are due, so it goes on without waiting for the next tick.
    public static func followUps(_ engine: RestockEngine, interval: Duration = .seconds(5), logger: Logger) -> Self {
        TimerService(name: "follow-up checks", interval: interval, logger: logger) {
            while try await engine.runDueFollowUps() == RestockEngine.followUpBatch {}
        }
    }

    /// Folds the stats increments PostgreSQL keeps pending into the daily rollups.
    public static func stats(_ engine: RestockEngine, interval: Duration = .seconds(2), logger: Logger) -> Self {
        TimerService(name: "stats folding", interval: interval, logger: logger) { try await engine.foldStats() }
    }

    /// Reads back what BigCommerce's thin webhooks named; a full batch means more are due.
    public static func lookups(_ lookups: BigCommerceLookups, interval: Duration = .seconds(1), logger: Logger) -> Self
    {
        TimerService(name: "bigcommerce lookups", interval: interval, logger: logger) {
            while try await lookups.runDue() == BigCommerceLookups.batch {}
        }
    }

    /// Polls the product feed when it is due. The first tick runs at start, not one interval
    /// later; a tick after another daemon on the same store polled does nothing.
    public static func feed(_ poller: FeedPoller, logger: Logger) -> Self {
        TimerService(name: "feed polling", interval: poller.configuration.interval, logger: logger, immediately: true) {
            _ = try await poller.pollIfDue()
        }
    }
}

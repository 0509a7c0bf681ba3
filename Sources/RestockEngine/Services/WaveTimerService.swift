import AsyncAlgorithms
import Logging
import ServiceLifecycle

/// Plans the later waves of open restock cycles (DESIGN.md §4). The first wave of a cycle is
/// planned inside the ingest transaction itself; this service picks up every wave whose time has
/// come, including those due before a restart, since the due time is a row, not a timer.
public struct WaveTimerService: Service {
    let engine: RestockEngine
    let interval: Duration
    let logger: Logger

    public init(engine: RestockEngine, interval: Duration = .seconds(1), logger: Logger) {
        self.engine = engine
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        for try await _ in AsyncTimerSequence(interval: interval, clock: .continuous)
            .cancelOnGracefulShutdown()
        {
            do {
                try await engine.runDueWaves()
            } catch {
                // A failed tick is retried on the next one: the due rows are still there.
                logger.error("wave planning failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
